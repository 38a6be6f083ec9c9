#!/usr/bin/env python3
"""botocore's own AWS JSON protocol code against Charter's JSON codec (test helper).

stdin: a JSON list of requests, each either
  {"id": str, "kind": "serialize", "operation": str, "params": {...}, "validate": bool}
      -- botocore's JSONSerializer builds the request for the real Organizations model
         (validate=false skips botocore's client-side parameter validation, to send
         requests that only the server refuses); or
  {"id": str, "kind": "parse", "operation": str, "status": int, "headers": {...}, "body": str}
      -- botocore's JSONParser reads a response Charter produced; for an error status the
         modeled error fields are added as botocore's endpoint does (_add_modeled_error_fields).
stdout: a JSON list of
  {"id", "method", "url_path", "target", "contentType", "body"}  for serialize,
  {"id", "parsed"}                                               for parse, or
  {"id", "error"}                                                when botocore raised.
Parsed values are normalised to JSON: datetimes to epoch seconds (a float when fractional),
bytes to UTF-8 text.
"""
import datetime
import json
import sys

import botocore.parsers
import botocore.serialize
import botocore.session


def normalise(value):
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, datetime.datetime):
        ts = value.timestamp()
        return int(ts) if ts == int(ts) else ts
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    return value


def serialize(service, request):
    op = service.operation_model(request["operation"])
    serializer = botocore.serialize.create_serializer(
        service.metadata["protocol"], include_validation=request.get("validate", True))
    wire = serializer.serialize_to_request(request["params"], op)
    return {
        "method": wire["method"],
        "url_path": wire["url_path"],
        "target": wire["headers"]["X-Amz-Target"],
        "contentType": wire["headers"]["Content-Type"],
        "body": wire["body"].decode("utf-8"),
    }


def parse(service, request):
    op = service.operation_model(request["operation"])
    parser = botocore.parsers.create_parser(service.metadata["protocol"])
    response = {
        "status_code": request["status"],
        "headers": {k.lower(): v for k, v in request.get("headers", {}).items()},
        "body": request["body"].encode("utf-8"),
    }
    parsed = parser.parse(response, op.output_shape)
    if request["status"] >= 300:
        code = parsed.get("Error", {}).get("Code")
        error_shape = service.shape_for_error_code(code) if code else None
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
    if "ResponseMetadata" in parsed:
        # Keep only what the body carried; drop what botocore adds from the HTTP layer.
        parsed["ResponseMetadata"] = {
            k: v for k, v in parsed["ResponseMetadata"].items() if k == "RequestId"}
        if not parsed["ResponseMetadata"]:
            del parsed["ResponseMetadata"]
    return {"parsed": normalise(parsed)}


def main():
    service = botocore.session.get_session().get_service_model("organizations")
    out = []
    for request in json.load(sys.stdin):
        try:
            handler = serialize if request["kind"] == "serialize" else parse
            result = handler(service, request)
        except Exception as e:  # reported to the Java test, which fails on it
            result = {"error": f"{type(e).__name__}: {e}"}
        result["id"] = request["id"]
        out.append(result)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

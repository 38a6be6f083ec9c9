#!/usr/bin/env python3
"""Parse Charter's XML responses with botocore's own parser of the model's protocol (test helper).

stdin: a JSON list of requests, each
  {"id": str, "status": int, "body": str, "operation": str,
   "service": "sts"|"iam"|"ec2"      -- a real model installed with botocore, or
   "model": {"metadata": {...}, "operations": {...}, "shapes": {...}}   -- a test-vector model,
   "decodePolicies": bool}           -- also run botocore's after-call.iam json_decode_policies
stdout: a JSON list of {"id": str, "parsed": {...}} or {"id": str, "error": str}.
Values are normalised to JSON: datetimes to epoch seconds, bytes to UTF-8 text, non-finite floats
to "NaN"/"Infinity"/"-Infinity" (the spelling the test vectors use).
"""
import datetime
import json
import math
import sys

import botocore.handlers
import botocore.model
import botocore.parsers
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
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
    return value


def operation_model(request, session):
    if "service" in request:
        return session.get_service_model(request["service"]).operation_model(request["operation"])
    model = request["model"]
    service = botocore.model.ServiceModel(model, service_name="vector")
    return service.operation_model(request["operation"])


def main():
    session = botocore.session.get_session()
    requests = json.load(sys.stdin)
    out = []
    for request in requests:
        try:
            op = operation_model(request, session)
            # QueryParser, or EC2QueryParser for the ec2 model.
            parser = botocore.parsers.create_parser(op.service_model.metadata.get("protocol", "query"))
            response = {
                "status_code": request["status"],
                "headers": {"content-type": "text/xml"},
                "body": request["body"].encode("utf-8"),
            }
            parsed = parser.parse(response, op.output_shape)
            if request.get("decodePolicies"):
                botocore.handlers.json_decode_policies(parsed, op)
            if "ResponseMetadata" in parsed:
                # Keep what the server sent; drop what botocore adds from the HTTP layer.
                parsed["ResponseMetadata"] = {
                    k: v for k, v in parsed["ResponseMetadata"].items() if k == "RequestId"}
            out.append({"id": request["id"], "parsed": normalise(parsed)})
        except Exception as e:  # reported to the Java test, which fails on it
            out.append({"id": request["id"], "error": f"{type(e).__name__}: {e}"})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

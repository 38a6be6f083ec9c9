#!/usr/bin/env python3
"""Extract trimmed AWS service models (STS, IAM, Organizations, EC2, CloudTrail) from the installed botocore.

Writes server/src/main/resources/io/charter/server/protocol/models/{sts,iam,organizations,ec2,cloudtrail}.json:
the botocore `service-2.json` structure (same key names, so the Java loader also reads
botocore's own test-vector shapes), with all documentation and client-only traits
dropped. The output is compact JSON in botocore's own key order, so members stay in model
order (the order responses list them in).

EC2's model is kept to the operations Charter serves (OPERATIONS) and the shapes they reach:
the whole model is about 4 MB; the closure of these six is about 120 shapes. CloudTrail's is kept
to LookupEvents (the event history; trails are not served yet).

The models derive from botocore's data files (Apache License 2.0,
Copyright Amazon.com, Inc. or its affiliates); see models/NOTICE.

Usage: python3 tools/extract-aws-models.py [--check]
  --check  exit 1 if the committed files differ from what would be generated.
"""
import json
import os
import sys

import botocore
import botocore.session

SERVICES = ("sts", "iam", "organizations", "ec2", "cloudtrail")
# The operations kept of a service's model (with the shapes they reach); all of them when absent.
OPERATIONS = {
    "ec2": ("DescribeInstances", "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation",
            "DisassociateIamInstanceProfile", "DescribeIamInstanceProfileAssociations",
            "ModifyInstanceMetadataOptions"),
    "cloudtrail": ("LookupEvents", "CreateTrail", "DeleteTrail", "DescribeTrails", "GetTrail", "GetTrailStatus",
                   "ListTrails", "StartLogging", "StopLogging", "PutEventSelectors", "GetEventSelectors",
                   "ListPublicKeys"),
}
# jsonVersion and targetPrefix: the AWS JSON protocol (Organizations) content type and X-Amz-Target.
METADATA_KEYS = ("apiVersion", "xmlNamespace", "protocol", "jsonVersion", "targetPrefix", "signingName",
                 "endpointPrefix", "serviceId", "globalEndpoint")
# "fault": a server-fault exception (Smithy's error("server")); without an httpStatusCode it is
# sent with 500 (Organizations' ServiceException). STS and IAM have no such shapes.
SHAPE_KEYS = ("type", "required", "min", "max", "pattern", "enum", "timestampFormat",
              "flattened", "locationName", "xmlNamespace", "sensitive", "exception", "fault")
# queryName: the EC2 protocol's input name of a member (before its capitalized locationName).
REF_KEYS = ("shape", "locationName", "queryName", "flattened", "xmlNamespace", "timestampFormat")
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                       "server", "src", "main", "resources", "io", "charter", "server",
                       "protocol", "models")


def trim_ref(ref):
    return {k: ref[k] for k in REF_KEYS if k in ref}


def trim_shape(shape):
    out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    if "members" in shape:
        out["members"] = {name: trim_ref(ref) for name, ref in shape["members"].items()}
    for ref in ("member", "key", "value"):
        if ref in shape:
            out[ref] = trim_ref(shape[ref])
    if "error" in shape:
        out["error"] = {k: shape["error"][k] for k in ("code", "httpStatusCode", "senderFault")
                        if k in shape["error"]}
    return out


def trim_operation(op):
    out = {"name": op["name"]}
    if "input" in op:
        out["input"] = {"shape": op["input"]["shape"]}
    if "output" in op:
        out["output"] = {k: op["output"][k] for k in ("shape", "resultWrapper") if k in op["output"]}
    if op.get("errors"):
        out["errors"] = [{"shape": e["shape"]} for e in op["errors"]]
    # Unsigned operations (AssumeRoleWithSAML / AssumeRoleWithWebIdentity).
    if op.get("authtype") == "none" or op.get("auth") == ["smithy.api#noAuth"]:
        out["authtype"] = "none"
    return out


def reachable(raw, operations):
    """The names of the shapes the operations' inputs, outputs and errors reach, in model order."""
    shapes = raw["shapes"]
    seen = set()
    pending = []
    for name in operations:
        op = raw["operations"][name]
        pending += [op[k]["shape"] for k in ("input", "output") if k in op]
        pending += [e["shape"] for e in op.get("errors", ())]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        pending += [ref["shape"] for ref in shape.get("members", {}).values()]
        pending += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
    return [name for name in shapes if name in seen]


def extract(service):
    loader = botocore.session.get_session().get_component("data_loader")
    raw = loader.load_service_model(service, "service-2")
    meta = raw["metadata"]
    metadata = {k: meta[k] for k in METADATA_KEYS if k in meta}
    metadata.setdefault("signingName", meta["endpointPrefix"])
    metadata["botocoreVersion"] = botocore.__version__
    operations = OPERATIONS.get(service, tuple(raw["operations"]))
    shapes = reachable(raw, operations) if service in OPERATIONS else list(raw["shapes"])
    return {
        "metadata": metadata,
        "operations": {name: trim_operation(op) for name, op in raw["operations"].items() if name in operations},
        "shapes": {name: trim_shape(raw["shapes"][name]) for name in shapes},
    }


def main(argv):
    check = "--check" in argv
    os.makedirs(OUT_DIR, exist_ok=True)
    stale = []
    for service in SERVICES:
        text = json.dumps(extract(service), separators=(",", ":"),
                          ensure_ascii=False) + "\n"
        path = os.path.join(OUT_DIR, service + ".json")
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {os.path.normpath(path)} ({len(text)} bytes)")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Write every AWS managed policy into Charter's resources, from the installed moto package.

Output: server/src/main/resources/io/charter/server/iam/managed/policies.tsv.gz, one policy a
line, sorted by name:

    <metadata JSON>\\t<document JSON>

The metadata is a compact JSON object (PolicyName, PolicyId, Path, DefaultVersionId,
Description, CreateDate, UpdateDate); the document is the default version's document as compact
JSON, keys in AWS's order. Compact JSON never holds a raw tab or newline (JSON escapes them in
strings), so the tab and the newline are unambiguous. The loader parses only the small metadata
object at start-up and keeps the document as text until it is first used; gzip keeps the
repository and the jar small (about 2.7 MB of documents compress to a few hundred KB).

Sources, in order:
  1. moto's `moto.iam.aws_managed_policies` data (Path, DefaultVersionId, CreateDate, UpdateDate,
     Document of about 1,480 policies);
  2. tools/managed-policies/curated/<PolicyName>.json: policies collected one by one from AWS's
     published data (see curated/NOTICE). A curated policy gives its real PolicyId and
     Description always; its document, version and dates win over moto's when its UpdateDate is
     newer (the newer source wins) or the same (the curated copy has AWS's key order; moto's
     documents have their keys in another order, which JSON readers ignore).
moto does not carry PolicyId or Description. A policy without a curated file gets a PolicyId
derived from its ARN (ANPA + 17 base32 characters of its SHA-256: stable, unique, not AWS's
real id) and an empty Description (GetPolicy then omits the member).

Usage: python3 tools/aws-managed-policies.py [--check]
  --check  exit 1 if the committed file differs from what would be generated.
"""
import base64
import gzip
import hashlib
import io
import json
import os
import sys

import moto
import moto.iam.aws_managed_policies as moto_policies

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
CURATED = os.path.join(ROOT, "tools", "managed-policies", "curated")
OUT = os.path.join(ROOT, "server", "src", "main", "resources", "io", "charter", "server", "iam",
                   "managed", "policies.tsv.gz")
ARN_PREFIX = "arn:aws:iam::aws:policy"


def iso(date):
    """moto's '2015-02-06T18:39:46+00:00' as IAM's Query API writes it: '2015-02-06T18:39:46Z'."""
    if date.endswith("+00:00"):
        date = date[:-6] + "Z"
    if not date.endswith("Z"):
        raise SystemExit("date %r is not UTC" % date)
    return date


def synthetic_id(arn):
    digest = base64.b32encode(hashlib.sha256(arn.encode("utf-8")).digest()).decode("ascii")
    return "ANPA" + digest[:17]


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def curated():
    out = {}
    for file in sorted(os.listdir(CURATED)):
        if file.endswith(".json"):
            with open(os.path.join(CURATED, file), encoding="utf-8") as f:
                record = json.load(f)
            if file != record["PolicyName"] + ".json":
                raise SystemExit("%s holds policy %s" % (file, record["PolicyName"]))
            out[record["PolicyName"]] = record
    return out


def records():
    source = json.loads(moto_policies.aws_managed_policies_data)
    known = curated()
    missing = sorted(set(known) - set(source))
    out = []
    for name in sorted(set(source) | set(known)):
        entry = source.get(name)
        record = {
            "PolicyName": name,
            "Path": entry["Path"] if entry else None,
            "DefaultVersionId": entry["DefaultVersionId"] if entry else None,
            "CreateDate": iso(entry["CreateDate"]) if entry else None,
            "UpdateDate": iso(entry["UpdateDate"]) if entry else None,
            "Document": entry["Document"] if entry else None,
        }
        policy_id, description = None, ""
        if name in known:
            mine = known[name]
            policy_id, description = mine["PolicyId"], mine["Description"]
            # Same version: the curated copy keeps AWS's key order (moto's data has its own).
            if entry is None or mine["UpdateDate"] >= record["UpdateDate"]:
                for key in ("Path", "DefaultVersionId", "CreateDate", "UpdateDate", "Document"):
                    record[key] = mine[key]
        arn = ARN_PREFIX + record["Path"] + name
        meta = {
            "PolicyName": name,
            "PolicyId": policy_id or synthetic_id(arn),
            "Path": record["Path"],
            "DefaultVersionId": record["DefaultVersionId"],
            "Description": description,
            "CreateDate": record["CreateDate"],
            "UpdateDate": record["UpdateDate"],
        }
        if not isinstance(record["Document"], dict):
            raise SystemExit("policy %s has no document object" % name)
        out.append(compact(meta) + "\t" + compact(record["Document"]))
    return out, missing


def generate():
    lines, missing = records()
    for name in missing:
        print("note: %s is curated but not in moto %s" % (name, moto.__version__), file=sys.stderr)
    text = ("\n".join(lines) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    # mtime=0 and no file name: the same input gives the same bytes (for --check).
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text)
    return buffer.getvalue(), len(lines)


def main():
    data, count = generate()
    if "--check" in sys.argv[1:]:
        try:
            with open(OUT, "rb") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != data:
            print("%s differs from what tools/aws-managed-policies.py generates" % OUT, file=sys.stderr)
            sys.exit(1)
        print("%s is current (%d policies, moto %s)" % (OUT, count, moto.__version__))
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        f.write(data)
    print("wrote %s: %d policies, %d bytes (moto %s)" % (OUT, count, len(data), moto.__version__))


if __name__ == "__main__":
    main()

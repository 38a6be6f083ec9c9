"""Writes a wrk Lua script that replays ONE signed request: an S3 GET or PUT of a 1 KiB object, or a
charter:Authorize call, signed with botocore (a SigV4 signature stays valid for 15 minutes; the
server accepts a replay, as S3 does).

Usage:
  python3 s3_signed.py s3 ENDPOINT METHOD /BUCKET/KEY BODY_BYTES OUT.lua
      (keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; the body is BODY_BYTES of 'a', signed by its SHA-256)
  python3 s3_signed.py authorize ENDPOINT OUT.lua
      (the calling service's keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; the forwarded request is
       signed with CALLER_ACCESS_KEY_ID / CALLER_SECRET_ACCESS_KEY for service "orders")
"""
import json
import os
import sys

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def lua(request, out):
    lines = ['wrk.method = "%s"' % request.method]
    path = request.url.split("://", 1)[1]
    path = path[path.index("/"):] if "/" in path else "/"
    lines.append('wrk.path = "%s"' % path)
    for name, value in request.headers.items():
        if name.lower() in ("content-length",):
            continue
        lines.append('wrk.headers["%s"] = "%s"' % (name, value.replace('"', '\\"')))
    if request.body:
        body = request.body if isinstance(request.body, bytes) else request.body.encode()
        lines.append('wrk.body = "%s"' % body.decode().replace("\\", "\\\\").replace('"', '\\"'))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def credentials(prefix="AWS"):
    return Credentials(os.environ[prefix + "_ACCESS_KEY_ID"], os.environ[prefix + "_SECRET_ACCESS_KEY"])


if sys.argv[1] == "s3":
    endpoint, method, path, size, out = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
    body = b"a" * size if method == "PUT" else b""
    request = AWSRequest(method=method, url=endpoint + path, data=body)
    S3SigV4Auth(credentials(), "s3", "us-east-1").add_auth(request)
    lua(request, out)
elif sys.argv[1] == "authorize":
    endpoint, out = sys.argv[2], sys.argv[3]
    inner = AWSRequest(method="GET", url="http://orders.internal/orders/42", data=b"")
    SigV4Auth(credentials("CALLER"), "orders", "us-east-1").add_auth(inner)
    body = json.dumps({
        "Request": {"Method": "GET", "Path": "/orders/42",
                    "Headers": [{"Name": k, "Value": v} for k, v in inner.headers.items()] + [
                        {"Name": "Host", "Value": "orders.internal"}],
                    "PayloadHash": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        "Action": "orders:GetOrder", "Resources": ["arn:aws:orders:us-east-1:123456789012:order/42"]})
    request = AWSRequest(method="POST", url=endpoint + "/", data=body.encode(),
                         headers={"Content-Type": "application/x-amz-json-1.1",
                                  "X-Amz-Target": "Charter_20261101.Authorize"})
    SigV4Auth(credentials(), "charter", "us-east-1").add_auth(request)
    lua(request, out)
else:
    sys.exit("usage: s3_signed.py s3|authorize ...")

"""boto3 with virtual-hosted-style addressing (BUCKET.s3.localhost) against Charter's --s3-domain. Names under
.localhost resolve to the loopback address (RFC 6761), which this machine's resolver does not do by itself: the
script makes it so for itself. Prints one JSON line.

Usage: python3 s3_virtual_hosts.py PORT BUCKET   (root credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
"""
import json
import socket
import sys

import boto3
from botocore.config import Config

port, bucket = sys.argv[1], sys.argv[2]
resolve = socket.getaddrinfo


def loopback_for_localhost(host, *args, **kwargs):
    if isinstance(host, str) and (host == "localhost" or host.endswith(".localhost")):
        host = "127.0.0.1"
    return resolve(host, *args, **kwargs)


socket.getaddrinfo = loopback_for_localhost
hosts = []
s3 = boto3.client("s3", endpoint_url="http://s3.localhost:" + port, region_name="us-east-1",
                  config=Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "virtual"}))
s3.meta.events.register("before-send", lambda request, **kwargs: hosts.append(request.url.split("/")[2]))
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="docs/readme.txt", Body=b"virtual hosts")
result = {
    "body": s3.get_object(Bucket=bucket, Key="docs/readme.txt")["Body"].read().decode(),
    "keys": [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])],
    "listed": bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]],
}
s3.delete_object(Bucket=bucket, Key="docs/readme.txt")
s3.delete_bucket(Bucket=bucket)
result["hosts"] = sorted(set(hosts))
print(json.dumps(result))

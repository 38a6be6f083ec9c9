"""Answers each line read with who boto3's default chain is, as one JSON line.

One session for the whole run, as a long-lived program keeps one: its credentials come from the
metadata agent (IMDS, or the container endpoint) and are refreshed by botocore as they near expiry.
"""
import json
import os
import sys

import boto3

session = boto3.Session()
sts = session.client("sts", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
for _ in sys.stdin:
    try:
        identity = sts.get_caller_identity()
        used = session.get_credentials().get_frozen_credentials()
        print(json.dumps({"Arn": identity["Arn"], "AccessKeyId": used.access_key}), flush=True)
    except Exception as e:  # the parent asserts on the error
        print(json.dumps({"Error": type(e).__name__ + ": " + str(e)}), flush=True)

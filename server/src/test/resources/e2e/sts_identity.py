"""Calls STS GetCallerIdentity with boto3 and prints one JSON line: the identity, or the error.

Usage: python3 sts_identity.py ENDPOINT [--unsigned]
Credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config

endpoint = sys.argv[1]
config = Config(retries={"max_attempts": 1, "mode": "standard"})
if "--unsigned" in sys.argv:
    config = config.merge(Config(signature_version=botocore.UNSIGNED))
sts = boto3.client("sts", endpoint_url=endpoint, region_name="eu-central-1", config=config)
try:
    identity = sts.get_caller_identity()
    print(json.dumps({"Account": identity["Account"], "Arn": identity["Arn"], "UserId": identity["UserId"],
                      "RequestId": identity["ResponseMetadata"]["RequestId"]}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({"Error": e.response["Error"]["Code"], "Message": e.response["Error"].get("Message"),
                      "Status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))

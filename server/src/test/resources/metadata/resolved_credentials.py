"""Prints the credentials boto3's default chain resolves, and which provider found them.

Run with no credentials but the metadata agent's: AWS_EC2_METADATA_SERVICE_ENDPOINT for the
instance's (IMDS), or AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN for a
container's.
"""
import json

import boto3

credentials = boto3.Session().get_credentials()
if credentials is None:
    print(json.dumps({"method": None}))
else:
    frozen = credentials.get_frozen_credentials()
    print(json.dumps({"method": credentials.method, "AccessKeyId": frozen.access_key,
                      "SecretAccessKey": frozen.secret_key, "Token": frozen.token}))

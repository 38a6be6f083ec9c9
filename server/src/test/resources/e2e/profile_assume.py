"""boto3 profile-based role assumption: a config file with role_arn + source_profile, the endpoint
from AWS_ENDPOINT_URL; boto3's own AssumeRoleProvider fetches the session. Prints one JSON line.

Usage: python3 profile_assume.py   (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_ENDPOINT_URL set)
"""
import json

import boto3
import botocore

session = boto3.Session(profile_name="deploy")
identity = session.client("sts").get_caller_identity()
iam = session.client("iam")
try:
    iam.create_user(UserName="from-profile")
    denied = "OK"
except botocore.exceptions.ClientError as e:
    denied = e.response["Error"]["Code"]
print(json.dumps({"arn": identity["Arn"], "roles": len(iam.list_roles()["Roles"]), "createUser": denied}))

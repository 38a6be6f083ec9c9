"""boto3 end to end: root creates a role and a user allowed to assume it; the user assumes the role,
acts with the temporary credentials, and is refused where AWS would refuse. Prints one JSON line.

Usage: python3 assume_role.py ENDPOINT   (root credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
"""
import json
import os
import sys

import boto3
import botocore
from botocore.config import Config

endpoint = sys.argv[1]
config = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(service, **credentials):
    return boto3.client(service, endpoint_url=endpoint, region_name="eu-west-1", config=config, **credentials)


def code(call):
    try:
        call()
        return "OK"
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]


iam = client("iam")
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                                                 "Action": "sts:AssumeRole"}]}
role = iam.create_role(RoleName="boto-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
read_back = iam.get_role(RoleName="boto-role")["Role"]["AssumeRolePolicyDocument"]
iam.attach_role_policy(RoleName="boto-role", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
iam.create_user(UserName="boto-user")
iam.put_user_policy(UserName="boto-user", PolicyName="assume", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role["Arn"]}]}))
key = iam.create_access_key(UserName="boto-user")["AccessKey"]
user_sts = client("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
assumed = user_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="boto-session", DurationSeconds=900)
creds = assumed["Credentials"]
session = dict(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
               aws_session_token=creds["SessionToken"])
identity = client("sts", **session).get_caller_identity()
role_iam = client("iam", **session)
print(json.dumps({
    "trustRoundTrip": read_back == trust,
    "assumedArn": assumed["AssumedRoleUser"]["Arn"],
    "callerArn": identity["Arn"],
    "expirationIsDatetime": hasattr(creds["Expiration"], "isoformat"),
    "listRoles": code(lambda: role_iam.list_roles()),
    "createUser": code(lambda: role_iam.create_user(UserName="not-allowed")),
    "rootAssume": code(lambda: client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="root-try")),
    "noSuchRole": code(lambda: user_sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/none", RoleSessionName="x1")),
}))

"""Drives IAM with boto3 as an application would and prints one JSON object with what it saw.

Usage: python3 iam_scenario.py ENDPOINT
The root credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
Steps: a new user with a key is denied iam:ListUsers, then allowed once a policy is attached;
get_user_policy and get_policy_version hand back decoded documents; a paginator over list_users
with two users a page returns every user.
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config

endpoint = sys.argv[1]
config = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(**keys):
    return boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", config=config, **keys)


def error(e):
    return {"Error": e.response["Error"]["Code"], "Message": e.response["Error"].get("Message"),
            "Status": e.response["ResponseMetadata"]["HTTPStatusCode"]}


root = client()
out = {}

root.create_user(UserName="boto-user")
key = root.create_access_key(UserName="boto-user")["AccessKey"]
user = client(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
try:
    user.list_users()
    out["denied"] = {"Error": None}
except botocore.exceptions.ClientError as e:
    out["denied"] = error(e)

managed_document = {"Version": "2012-10-17",
                    "Statement": [{"Sid": "ReadUsers", "Effect": "Allow", "Action": ["iam:ListUsers"], "Resource": "*"}]}
policy = root.create_policy(PolicyName="BotoListUsers", PolicyDocument=json.dumps(managed_document))["Policy"]
root.attach_user_policy(UserName="boto-user", PolicyArn=policy["Arn"])
out["allowed"] = [u["UserName"] for u in user.list_users()["Users"]]
version = root.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]
out["policyVersionDocumentIsDict"] = isinstance(version["Document"], dict)
out["policyVersionDocumentEqual"] = version["Document"] == managed_document

inline_document = {"Version": "2012-10-17",
                   "Statement": [{"Effect": "Deny", "Action": "iam:DeleteUser",
                                  "Resource": "arn:aws:iam::*:user/${aws:username}",
                                  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
# Indented on purpose: IAM keeps the text as written, botocore decodes it.
root.put_user_policy(UserName="boto-user", PolicyName="NoSelfDelete", PolicyDocument=json.dumps(inline_document, indent=2))
inline = root.get_user_policy(UserName="boto-user", PolicyName="NoSelfDelete")
out["inlineDocumentIsDict"] = isinstance(inline["PolicyDocument"], dict)
out["inlineDocumentEqual"] = inline["PolicyDocument"] == inline_document
out["inlinePolicyName"] = inline["PolicyName"]

for i in range(5):
    root.create_user(UserName="paged-%d" % i, Path="/boto-paged/")
pages = list(root.get_paginator("list_users").paginate(PathPrefix="/boto-paged/", PaginationConfig={"PageSize": 2}))
out["pages"] = [[u["UserName"] for u in page["Users"]] for page in pages]
# MaxItems given as a request parameter: every request asks for two, the paginator follows markers.
every_page = list(root.get_paginator("list_users").paginate(MaxItems=2))
out["everyonePageSizes"] = [len(page["Users"]) for page in every_page]
out["everyone"] = [u["UserName"] for page in every_page for u in page["Users"]]
print(json.dumps(out))

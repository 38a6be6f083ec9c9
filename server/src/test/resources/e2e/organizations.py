"""boto3 end to end for accounts: the management account creates an account, an administrator of
the management account enters it through OrganizationAccountAccessRole, and the two accounts stay
apart. Prints one JSON line. Root credentials of the management account in the environment.

Usage: python3 organizations.py ENDPOINT
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config

endpoint = sys.argv[1]
config = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(service, **credentials):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=config, **credentials)


def code(call):
    try:
        call()
        return "OK"
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]


org = client("organizations")
status = org.create_account(Email="dev@example.com", AccountName="dev")["CreateAccountStatus"]
again = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
duplicate = org.create_account(Email="DEV@example.com", AccountName="dev2")["CreateAccountStatus"]
dev = status["AccountId"]
accounts = org.list_accounts()["Accounts"]
organization = org.describe_organization()["Organization"]

iam = client("iam")
iam.create_user(UserName="admin")
iam.attach_user_policy(UserName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
key = iam.create_access_key(UserName="admin")["AccessKey"]
admin = dict(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
creds = client("sts", **admin).assume_role(
    RoleArn="arn:aws:iam::%s:role/OrganizationAccountAccessRole" % dev, RoleSessionName="enter-dev")["Credentials"]
in_dev = dict(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
              aws_session_token=creds["SessionToken"])
dev_identity = client("sts", **in_dev).get_caller_identity()
dev_iam = client("iam", **in_dev)
dev_iam.create_user(UserName="dev-only")
dev_users = [u["UserName"] for u in dev_iam.list_users()["Users"]]
mgmt_users = [u["UserName"] for u in iam.list_users()["Users"]]
print(json.dumps({
    "state": status["State"], "requestId": status["Id"], "describedState": again["State"],
    "duplicate": [duplicate["State"], duplicate.get("FailureReason")],
    "accountIds": sorted(a["Id"] for a in accounts), "dev": dev,
    "orgId": organization["Id"], "master": organization["MasterAccountId"],
    "devCaller": dev_identity["Arn"], "devAccount": dev_identity["Account"],
    "devUsers": dev_users, "mgmtUsers": mgmt_users,
    "devCannotListAccounts": code(lambda: client("organizations", **in_dev).list_accounts()),
    "adminOfMgmtCannotReadDevUser": code(lambda: client("iam", **admin).get_user(UserName="dev-only")),
    "unknownKey": code(lambda: client("organizations", aws_access_key_id="AKIAZZZZZZZZZZZZZZZZ",
                                      aws_secret_access_key="x" * 40).list_accounts()),
    "notFound": code(lambda: org.describe_account(AccountId="999999999999")),
    "negativeToken": code(lambda: org.list_accounts(NextToken="t1--1")),
    "pastEndToken": code(lambda: org.list_accounts(NextToken="t1-99")),
}))

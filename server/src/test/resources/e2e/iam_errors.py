"""Drives every error path of every IAM operation the server implements with boto3, and prints one
JSON object: {"implemented": [...], "cases": {"Operation.Case": {"Error", "Message", "Status"}}}.

Usage: python3 iam_errors.py ENDPOINT
The root credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).

"implemented" lists the operations of IAM's model that the server does not answer with
InvalidAction. Each case is one call that must fail; a call that succeeds is recorded with
"Error": null. Cases are named OPERATION.CODE, with a suffix where one operation has several ways to
fail with one code. Three kinds of caller make them:
- root: the account's root user, through boto3 as it is;
- raw: the root user through a client with parameter_validation=False, so that the server's own
  validation of the model's constraints answers (boto3 checks some constraints itself);
- denied: an IAM user with no policies, for AccessDenied; session: an assumed role's session, for the
  calls that fall back to the calling user when no UserName is given.
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import time

import boto3
import botocore
from botocore.config import Config

endpoint = sys.argv[1]
ACCOUNT = "123456789012"
ARN = "arn:aws:iam::" + ACCOUNT + ":"
AWS_POLICY = "arn:aws:iam::aws:policy/"
MISSING_POLICY = ARN + "policy/missing"
MISSING_KEY = "AKIAZZZZZZZZZZZZZZZZ"
PASSWORD = "Correct-Horse-9"


def client(service="iam", validate=True, **keys):
    config = Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=validate)
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=config, **keys)


def with_key(name, policy=None):
    """A new user with an access key (and an inline policy), and a client that signs as it."""
    root.create_user(UserName=name)
    if policy:
        root.put_user_policy(UserName=name, PolicyName="granted", PolicyDocument=json.dumps(policy))
    key = root.create_access_key(UserName=name)["AccessKey"]
    return client(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]), key


def document(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(actions, resource="*"):
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


def text(*statements):
    return json.dumps(document(*statements))


def sized(characters, action="iam:GetUser"):
    """An identity policy of more than `characters` characters (white space not counted)."""
    return text(allow([action] * (characters // len(action) + 1)))


def tags(count, prefix="k"):
    return [{"Key": "%s%d" % (prefix, i), "Value": "v"} for i in range(count)]


TRUST = text({"Effect": "Allow", "Principal": {"AWS": ARN + "root"}, "Action": "sts:AssumeRole"})
DUPLICATE_TAGS = [{"Key": "team", "Value": "a"}, {"Key": "Team", "Value": "b"}]
BAD_TAG = [{"Key": "bad*key", "Value": "v"}]


def totp(seed, step):
    key = base64.b32decode(seed + "=" * (-len(seed) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def enabled_device(user, name):
    """A new virtual MFA device, enabled for `user` with two consecutive codes."""
    device = root.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    seed = device["Base32StringSeed"].decode("ascii")
    step = int(time.time()) // 30
    root.enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"],
                           AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))
    return device["SerialNumber"]


cases = {}


def case(operation, name, caller, **params):
    """Calls `operation` as `caller` and records how it failed under OPERATION.NAME."""
    key = operation + "." + name
    if key in cases:
        raise AssertionError("case named twice: " + key)
    try:
        getattr(caller, botocore.xform_name(operation))(**params)
        cases[key] = {"Error": None}
    except botocore.exceptions.ClientError as e:
        cases[key] = {"Error": e.response["Error"]["Code"], "Message": e.response["Error"].get("Message"),
                      "Status": e.response["ResponseMetadata"]["HTTPStatusCode"]}


root = client()
raw = client(validate=False)

# ---- fixtures ----
denied, denied_key = with_key("nobody")
partial, _ = with_key("partial", document(
    allow("iam:AddRoleToInstanceProfile"),
    allow("iam:UpdateUser", ARN + "user/alice"),
    allow("iam:UpdateGroup", ARN + "group/crew")))
root.create_role(RoleName="session-role", AssumeRolePolicyDocument=TRUST)
_, assumer_key = with_key("assumer", document(allow("sts:AssumeRole", ARN + "role/session-role")))
credentials = client("sts", aws_access_key_id=assumer_key["AccessKeyId"],
                     aws_secret_access_key=assumer_key["SecretAccessKey"]).assume_role(
    RoleArn=ARN + "role/session-role", RoleSessionName="errors")["Credentials"]
session = client(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
                 aws_session_token=credentials["SessionToken"])
changer, _ = with_key("changer", document(allow("iam:ChangePassword", ARN + "user/changer")))

root.create_user(UserName="alice")
root.create_group(GroupName="crew")
root.create_group(GroupName="other")
root.create_role(RoleName="worker", AssumeRolePolicyDocument=TRUST)
slr = root.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]["RoleName"]
managed = root.create_policy(PolicyName="Managed", PolicyDocument=text(allow("iam:GetUser")))["Policy"]["Arn"]
root.create_instance_profile(InstanceProfileName="box")
root.create_virtual_mfa_device(VirtualMFADeviceName="spare")
spare = ARN + "mfa/spare"
missing_device = ARN + "mfa/missing"

# Entities with something that blocks their deletion.
root.create_user(UserName="has-login")
root.create_login_profile(UserName="has-login", Password=PASSWORD)
root.create_user(UserName="has-mfa")
in_use = enabled_device("has-mfa", "in-use")
root.create_user(UserName="has-inline")
root.put_user_policy(UserName="has-inline", PolicyName="inline", PolicyDocument=text(allow("iam:GetUser")))
root.create_user(UserName="has-group")
root.add_user_to_group(GroupName="crew", UserName="has-group")
root.create_group(GroupName="inline-group")
root.put_group_policy(GroupName="inline-group", PolicyName="inline", PolicyDocument=text(allow("iam:GetUser")))
root.create_role(RoleName="inline-role", AssumeRolePolicyDocument=TRUST)
root.put_role_policy(RoleName="inline-role", PolicyName="inline", PolicyDocument=text(allow("iam:GetUser")))
root.create_role(RoleName="profiled-role", AssumeRolePolicyDocument=TRUST)
root.create_instance_profile(InstanceProfileName="occupied")
root.add_role_to_instance_profile(InstanceProfileName="occupied", RoleName="profiled-role")

# Ten AWS managed policies attached to a user, a role and a group: their quota of attachments.
*ten, eleventh = [p["Arn"] for p in root.list_policies(Scope="AWS", MaxItems=11)["Policies"]]
root.create_user(UserName="full-user")
root.create_role(RoleName="full-role", AssumeRolePolicyDocument=TRUST)
root.create_group(GroupName="full-group")
for arn in ten:
    root.attach_user_policy(UserName="full-user", PolicyArn=arn)
    root.attach_role_policy(RoleName="full-role", PolicyArn=arn)
    root.attach_group_policy(GroupName="full-group", PolicyArn=arn)

# Customer managed policies: attached, a boundary, five versions.
in_use_policy = root.create_policy(PolicyName="InUse", PolicyDocument=text(allow("iam:GetUser")))["Policy"]["Arn"]
root.attach_role_policy(RoleName="worker", PolicyArn=in_use_policy)
boundary = root.create_policy(PolicyName="Boundary", PolicyDocument=text(allow("iam:*")))["Policy"]["Arn"]
root.create_user(UserName="bounded", PermissionsBoundary=boundary)
versioned = root.create_policy(PolicyName="Versioned", PolicyDocument=text(allow("iam:GetUser")))["Policy"]["Arn"]
for _ in range(4):
    root.create_policy_version(PolicyArn=versioned, PolicyDocument=text(allow("iam:GetUser")))

# Entities with fifty tags, a user with two keys, a user in ten groups, a user with eight MFA devices.
root.create_user(UserName="tagged", Tags=tags(50))
root.create_role(RoleName="tagged-role", AssumeRolePolicyDocument=TRUST, Tags=tags(50))
tagged_policy = root.create_policy(PolicyName="Tagged", PolicyDocument=text(allow("iam:GetUser")),
                                   Tags=tags(50))["Policy"]["Arn"]
root.create_instance_profile(InstanceProfileName="tagged-box", Tags=tags(50))
root.create_virtual_mfa_device(VirtualMFADeviceName="tagged-mfa", Tags=tags(50))
root.create_user(UserName="two-keys")
root.create_access_key(UserName="two-keys")
root.create_access_key(UserName="two-keys")
root.create_user(UserName="joiner")
for i in range(10):
    root.create_group(GroupName="g%d" % i)
    root.add_user_to_group(GroupName="g%d" % i, UserName="joiner")
root.create_user(UserName="many-mfa")
for i in range(8):
    enabled_device("many-mfa", "many-%d" % i)
root.create_virtual_mfa_device(VirtualMFADeviceName="ninth")
root.create_account_alias(AccountAlias="charter-errors")

# ---- users and groups: the operations they share, then each one's own ----
for noun, name, taken in (("User", "alice", "NOBODY"), ("Group", "crew", "OTHER")):
    entity = {noun + "Name": name}
    missing = {noun + "Name": "ghost"}
    case("Create" + noun, "AccessDenied", denied, **{noun + "Name": "made"})
    case("Create" + noun, "ValidationError", raw, **{noun + "Name": "bad name!"})
    case("Create" + noun, "EntityAlreadyExists", root, **{noun + "Name": name.upper()})
    case("Get" + noun, "AccessDenied", denied, **entity)
    case("Get" + noun, "ValidationError", raw, **{noun + "Name": ""})
    case("Get" + noun, "NoSuchEntity", root, **missing)
    case("List" + noun + "s", "AccessDenied", denied)
    case("List" + noun + "s", "ValidationError", raw, PathPrefix="no-slash")
    case("List" + noun + "s", "InvalidInput", root, Marker="garbage")
    renamed = {"New" + noun + "Name": name + "2"}
    case("Update" + noun, "AccessDenied", denied, **entity, **renamed)
    case("Update" + noun, "AccessDenied.newName", partial, **entity, **renamed)
    case("Update" + noun, "ValidationError", raw, NewPath="no-slashes", **entity)
    case("Update" + noun, "NoSuchEntity", root, **missing, **renamed)
    case("Update" + noun, "EntityAlreadyExists", root, **entity, **{"New" + noun + "Name": taken})
    case("Delete" + noun, "AccessDenied", denied, **entity)
    case("Delete" + noun, "ValidationError", raw)
    case("Delete" + noun, "NoSuchEntity", root, **missing)
case("CreateUser", "InvalidInput", root, UserName="made", Tags=DUPLICATE_TAGS)
case("CreateUser", "NoSuchEntity", root, UserName="made", PermissionsBoundary=MISSING_POLICY)
case("GetUser", "ValidationError.session", session)
case("DeleteUser", "DeleteConflict.loginProfile", root, UserName="has-login")
case("DeleteUser", "DeleteConflict.accessKeys", root, UserName="nobody")
case("DeleteUser", "DeleteConflict.mfaDevice", root, UserName="has-mfa")
case("DeleteUser", "DeleteConflict.inlinePolicies", root, UserName="has-inline")
case("DeleteUser", "DeleteConflict.attachedPolicies", root, UserName="full-user")
case("DeleteUser", "DeleteConflict.groups", root, UserName="has-group")
case("GetGroup", "InvalidInput", root, GroupName="crew", Marker="garbage")
case("DeleteGroup", "DeleteConflict.members", root, GroupName="crew")
case("DeleteGroup", "DeleteConflict.inlinePolicies", root, GroupName="inline-group")
case("DeleteGroup", "DeleteConflict.attachedPolicies", root, GroupName="full-group")
case("AddUserToGroup", "AccessDenied", denied, GroupName="crew", UserName="alice")
case("AddUserToGroup", "ValidationError", raw, GroupName="crew")
case("AddUserToGroup", "NoSuchEntity.group", root, GroupName="ghost", UserName="alice")
case("AddUserToGroup", "NoSuchEntity.user", root, GroupName="crew", UserName="ghost")
case("AddUserToGroup", "LimitExceeded", root, GroupName="crew", UserName="joiner")
case("RemoveUserFromGroup", "AccessDenied", denied, GroupName="crew", UserName="has-group")
case("RemoveUserFromGroup", "ValidationError", raw, GroupName="crew", UserName="bad name")
case("RemoveUserFromGroup", "NoSuchEntity.group", root, GroupName="ghost", UserName="alice")
case("RemoveUserFromGroup", "NoSuchEntity.user", root, GroupName="crew", UserName="ghost")
case("ListGroupsForUser", "AccessDenied", denied, UserName="alice")
case("ListGroupsForUser", "ValidationError", raw, UserName="alice", MaxItems=1001)
case("ListGroupsForUser", "NoSuchEntity", root, UserName="ghost")
case("ListGroupsForUser", "InvalidInput", root, UserName="alice", Marker="garbage")

# ---- tags and permissions boundaries of users and roles ----
for noun, name, tagged, ghost in (("User", "alice", "tagged", "ghost"), ("Role", "worker", "tagged-role", "ghost")):
    entity = {noun + "Name": name}
    missing = {noun + "Name": ghost}
    case("Tag" + noun, "AccessDenied", denied, Tags=tags(1), **entity)
    case("Tag" + noun, "ValidationError", raw, Tags=BAD_TAG, **entity)
    case("Tag" + noun, "NoSuchEntity", root, Tags=tags(1), **missing)
    case("Tag" + noun, "InvalidInput", root, Tags=DUPLICATE_TAGS, **entity)
    case("Tag" + noun, "LimitExceeded", root, Tags=tags(1, "new"), **{noun + "Name": tagged})
    case("Untag" + noun, "AccessDenied", denied, TagKeys=["k0"], **entity)
    case("Untag" + noun, "ValidationError", raw, TagKeys=["bad*key"], **entity)
    case("Untag" + noun, "NoSuchEntity", root, TagKeys=["k0"], **missing)
    case("List" + noun + "Tags", "AccessDenied", denied, **entity)
    case("List" + noun + "Tags", "ValidationError", raw, MaxItems=1001, **entity)
    case("List" + noun + "Tags", "NoSuchEntity", root, **missing)
    case("List" + noun + "Tags", "InvalidInput", root, Marker="garbage", **entity)
    case("Put" + noun + "PermissionsBoundary", "AccessDenied", denied, PermissionsBoundary=boundary, **entity)
    case("Put" + noun + "PermissionsBoundary", "ValidationError", raw, PermissionsBoundary="arn:short", **entity)
    case("Put" + noun + "PermissionsBoundary", "NoSuchEntity", root, PermissionsBoundary=boundary, **missing)
    case("Put" + noun + "PermissionsBoundary", "NoSuchEntity.policy", root, PermissionsBoundary=MISSING_POLICY,
         **entity)
    case("Delete" + noun + "PermissionsBoundary", "AccessDenied", denied, **entity)
    case("Delete" + noun + "PermissionsBoundary", "ValidationError", raw, **{noun + "Name": ""})
    case("Delete" + noun + "PermissionsBoundary", "NoSuchEntity", root, **missing)
case("PutRolePermissionsBoundary", "UnmodifiableEntity", root, RoleName=slr, PermissionsBoundary=boundary)
case("DeleteRolePermissionsBoundary", "UnmodifiableEntity", root, RoleName=slr)

# ---- inline and attached policies of users, roles and groups ----
INLINE_QUOTA = {"User": 2048, "Role": 10240, "Group": 5120}
for noun, name, full in (("User", "alice", "full-user"), ("Role", "worker", "full-role"),
                         ("Group", "crew", "full-group")):
    entity = {noun + "Name": name}
    missing = {noun + "Name": "ghost"}
    attach, detach = "Attach" + noun + "Policy", "Detach" + noun + "Policy"
    case(attach, "AccessDenied", denied, PolicyArn=managed, **entity)
    case(attach, "ValidationError", raw, PolicyArn="arn:short", **entity)
    case(attach, "NoSuchEntity", root, PolicyArn=managed, **missing)
    case(attach, "NoSuchEntity.policy", root, PolicyArn=MISSING_POLICY, **entity)
    case(attach, "LimitExceeded", root, PolicyArn=eleventh, **{noun + "Name": full})
    case(detach, "AccessDenied", denied, PolicyArn=managed, **entity)
    case(detach, "ValidationError", raw, PolicyArn=managed)
    case(detach, "NoSuchEntity", root, PolicyArn=managed, **missing)
    case(detach, "NoSuchEntity.policy", root, PolicyArn=managed, **entity)
    attached = "ListAttached" + noun + "Policies"
    case(attached, "AccessDenied", denied, **entity)
    case(attached, "ValidationError", raw, PathPrefix="no-slash", **entity)
    case(attached, "NoSuchEntity", root, **missing)
    case(attached, "InvalidInput", root, Marker="garbage", **entity)
    put, get, delete = "Put" + noun + "Policy", "Get" + noun + "Policy", "Delete" + noun + "Policy"
    case(put, "AccessDenied", denied, PolicyName="inline", PolicyDocument=text(allow("iam:GetUser")), **entity)
    case(put, "ValidationError", raw, PolicyName="bad name", PolicyDocument=text(allow("iam:GetUser")), **entity)
    case(put, "NoSuchEntity", root, PolicyName="inline", PolicyDocument=text(allow("iam:GetUser")), **missing)
    case(put, "MalformedPolicyDocument", root, PolicyName="inline", PolicyDocument="{not json", **entity)
    case(put, "LimitExceeded", root, PolicyName="inline", PolicyDocument=sized(INLINE_QUOTA[noun]), **entity)
    case(get, "AccessDenied", denied, PolicyName="inline", **entity)
    case(get, "ValidationError", raw, **entity)
    case(get, "NoSuchEntity", root, PolicyName="inline", **missing)
    case(get, "NoSuchEntity.policy", root, PolicyName="absent", **entity)
    case(delete, "AccessDenied", denied, PolicyName="inline", **entity)
    case(delete, "ValidationError", raw, PolicyName="bad name", **entity)
    case(delete, "NoSuchEntity", root, PolicyName="inline", **missing)
    case(delete, "NoSuchEntity.policy", root, PolicyName="absent", **entity)
    listed = "List" + noun + "Policies"
    case(listed, "AccessDenied", denied, **entity)
    case(listed, "ValidationError", raw, MaxItems=0, **entity)
    case(listed, "NoSuchEntity", root, **missing)
    case(listed, "InvalidInput", root, Marker="garbage", **entity)
case("AttachRolePolicy", "UnmodifiableEntity", root, RoleName=slr, PolicyArn=managed)
case("DetachRolePolicy", "UnmodifiableEntity", root, RoleName=slr, PolicyArn=managed)
case("PutRolePolicy", "UnmodifiableEntity", root, RoleName=slr, PolicyName="inline",
     PolicyDocument=text(allow("iam:GetUser")))
case("DeleteRolePolicy", "UnmodifiableEntity", root, RoleName=slr, PolicyName="inline")

# ---- roles ----
case("CreateRole", "AccessDenied", denied, RoleName="made", AssumeRolePolicyDocument=TRUST)
case("CreateRole", "ValidationError", raw, RoleName="made", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=100)
case("CreateRole", "EntityAlreadyExists", root, RoleName="WORKER", AssumeRolePolicyDocument=TRUST)
case("CreateRole", "MalformedPolicyDocument", root, RoleName="made", AssumeRolePolicyDocument="{not json")
case("CreateRole", "MalformedPolicyDocument.principal", root, RoleName="made", AssumeRolePolicyDocument=text(
    {"Effect": "Allow", "Principal": {"AWS": ARN + "user/ghost"}, "Action": "sts:AssumeRole"}))
case("CreateRole", "LimitExceeded", root, RoleName="made", AssumeRolePolicyDocument=text(
    {"Effect": "Allow", "Principal": {"AWS": ARN + "root"}, "Action": ["sts:AssumeRole"] * 150}))
case("CreateRole", "NoSuchEntity", root, RoleName="made", AssumeRolePolicyDocument=TRUST,
     PermissionsBoundary=MISSING_POLICY)
case("CreateRole", "InvalidInput", root, RoleName="made", AssumeRolePolicyDocument=TRUST, Tags=DUPLICATE_TAGS)
case("GetRole", "AccessDenied", denied, RoleName="worker")
case("GetRole", "ValidationError", raw)
case("GetRole", "NoSuchEntity", root, RoleName="ghost")
case("ListRoles", "AccessDenied", denied)
case("ListRoles", "ValidationError", raw, MaxItems=0)
case("ListRoles", "InvalidInput", root, Marker="garbage")
case("UpdateRole", "AccessDenied", denied, RoleName="worker", Description="d")
case("UpdateRole", "ValidationError", raw, RoleName="worker", MaxSessionDuration=43201)
case("UpdateRole", "NoSuchEntity", root, RoleName="ghost", Description="d")
case("UpdateRole", "UnmodifiableEntity", root, RoleName=slr, MaxSessionDuration=7200)
case("UpdateRoleDescription", "AccessDenied", denied, RoleName="worker", Description="d")
case("UpdateRoleDescription", "ValidationError", raw, RoleName="worker")
case("UpdateRoleDescription", "NoSuchEntity", root, RoleName="ghost", Description="d")
case("UpdateAssumeRolePolicy", "AccessDenied", denied, RoleName="worker", PolicyDocument=TRUST)
case("UpdateAssumeRolePolicy", "ValidationError", raw, RoleName="worker")
case("UpdateAssumeRolePolicy", "NoSuchEntity", root, RoleName="ghost", PolicyDocument=TRUST)
case("UpdateAssumeRolePolicy", "MalformedPolicyDocument", root, RoleName="worker", PolicyDocument=text(
    {"Effect": "Allow", "Principal": {"AWS": ARN + "root"}, "Action": "sts:AssumeRole", "Resource": "*"}))
case("UpdateAssumeRolePolicy", "MalformedPolicyDocument.json", root, RoleName="worker", PolicyDocument="{not json")
case("UpdateAssumeRolePolicy", "LimitExceeded", root, RoleName="worker", PolicyDocument=text(
    {"Effect": "Allow", "Principal": {"AWS": ARN + "root"}, "Action": ["sts:AssumeRole"] * 150}))
case("UpdateAssumeRolePolicy", "UnmodifiableEntity", root, RoleName=slr, PolicyDocument=TRUST)
case("DeleteRole", "AccessDenied", denied, RoleName="worker")
case("DeleteRole", "ValidationError", raw, RoleName="bad name")
case("DeleteRole", "NoSuchEntity", root, RoleName="ghost")
case("DeleteRole", "UnmodifiableEntity", root, RoleName=slr)
case("DeleteRole", "DeleteConflict.inlinePolicies", root, RoleName="inline-role")
case("DeleteRole", "DeleteConflict.attachedPolicies", root, RoleName="full-role")
case("DeleteRole", "DeleteConflict.instanceProfile", root, RoleName="profiled-role")

# ---- service-linked roles ----
case("CreateServiceLinkedRole", "AccessDenied", denied, AWSServiceName="ecs.amazonaws.com")
case("CreateServiceLinkedRole", "ValidationError", raw, AWSServiceName="ecs.amazonaws.com", CustomSuffix="bad suffix")
case("CreateServiceLinkedRole", "InvalidInput.serviceName", root, AWSServiceName="not-a-service")
case("CreateServiceLinkedRole", "InvalidInput.taken", root, AWSServiceName="autoscaling.amazonaws.com")
case("DeleteServiceLinkedRole", "AccessDenied", denied, RoleName=slr)
case("DeleteServiceLinkedRole", "ValidationError", raw)
case("DeleteServiceLinkedRole", "NoSuchEntity", root, RoleName="ghost")
case("DeleteServiceLinkedRole", "InvalidInput", root, RoleName="worker")
case("GetServiceLinkedRoleDeletionStatus", "AccessDenied", denied, DeletionTaskId="task/none")
case("GetServiceLinkedRoleDeletionStatus", "ValidationError", raw, DeletionTaskId="")
case("GetServiceLinkedRoleDeletionStatus", "NoSuchEntity", root, DeletionTaskId="task/none")

# ---- managed policies ----
readonly = AWS_POLICY + "IAMReadOnlyAccess"
case("CreatePolicy", "AccessDenied", denied, PolicyName="Made", PolicyDocument=text(allow("iam:GetUser")))
case("CreatePolicy", "ValidationError", raw, PolicyName="Made", Path="no-slash", PolicyDocument=text(allow("iam:GetUser")))
case("CreatePolicy", "EntityAlreadyExists", root, PolicyName="MANAGED", PolicyDocument=text(allow("iam:GetUser")))
case("CreatePolicy", "MalformedPolicyDocument", root, PolicyName="Made", PolicyDocument=text(allow("nocolon")))
case("CreatePolicy", "LimitExceeded", root, PolicyName="Made", PolicyDocument=sized(6144))
case("CreatePolicy", "InvalidInput", root, PolicyName="Made", PolicyDocument=text(allow("iam:GetUser")),
     Tags=DUPLICATE_TAGS)
case("GetPolicy", "AccessDenied", denied, PolicyArn=managed)
case("GetPolicy", "ValidationError", raw, PolicyArn="arn:short")
case("GetPolicy", "NoSuchEntity", root, PolicyArn=MISSING_POLICY)
case("ListPolicies", "AccessDenied", denied)
case("ListPolicies", "ValidationError", raw, Scope="Everything")
case("ListPolicies", "InvalidInput", root, Marker="garbage")
case("DeletePolicy", "AccessDenied", denied, PolicyArn=managed)
case("DeletePolicy", "AccessDenied.awsManaged", root, PolicyArn=readonly)
case("DeletePolicy", "ValidationError", raw)
case("DeletePolicy", "NoSuchEntity", root, PolicyArn=MISSING_POLICY)
case("DeletePolicy", "DeleteConflict.attached", root, PolicyArn=in_use_policy)
case("DeletePolicy", "DeleteConflict.boundary", root, PolicyArn=boundary)
case("DeletePolicy", "DeleteConflict.versions", root, PolicyArn=versioned)
case("CreatePolicyVersion", "AccessDenied", denied, PolicyArn=managed, PolicyDocument=text(allow("iam:GetUser")))
case("CreatePolicyVersion", "AccessDenied.awsManaged", root, PolicyArn=readonly,
     PolicyDocument=text(allow("iam:GetUser")))
case("CreatePolicyVersion", "ValidationError", raw, PolicyArn=managed)
case("CreatePolicyVersion", "NoSuchEntity", root, PolicyArn=MISSING_POLICY, PolicyDocument=text(allow("iam:GetUser")))
case("CreatePolicyVersion", "MalformedPolicyDocument", root, PolicyArn=managed, PolicyDocument="{not json")
case("CreatePolicyVersion", "LimitExceeded.versions", root, PolicyArn=versioned,
     PolicyDocument=text(allow("iam:GetUser")))
case("CreatePolicyVersion", "LimitExceeded.size", root, PolicyArn=managed, PolicyDocument=sized(6144))
case("GetPolicyVersion", "AccessDenied", denied, PolicyArn=managed, VersionId="v1")
case("GetPolicyVersion", "ValidationError", raw, PolicyArn=managed, VersionId="1")
case("GetPolicyVersion", "NoSuchEntity", root, PolicyArn=MISSING_POLICY, VersionId="v1")
case("GetPolicyVersion", "NoSuchEntity.version", root, PolicyArn=managed, VersionId="v9")
case("ListPolicyVersions", "AccessDenied", denied, PolicyArn=managed)
case("ListPolicyVersions", "ValidationError", raw, PolicyArn=managed, MaxItems=0)
case("ListPolicyVersions", "NoSuchEntity", root, PolicyArn=MISSING_POLICY)
case("ListPolicyVersions", "InvalidInput", root, PolicyArn=managed, Marker="garbage")
case("DeletePolicyVersion", "AccessDenied", denied, PolicyArn=versioned, VersionId="v2")
case("DeletePolicyVersion", "AccessDenied.awsManaged", root, PolicyArn=readonly, VersionId="v1")
case("DeletePolicyVersion", "ValidationError", raw, PolicyArn=versioned)
case("DeletePolicyVersion", "NoSuchEntity", root, PolicyArn=MISSING_POLICY, VersionId="v2")
case("DeletePolicyVersion", "NoSuchEntity.version", root, PolicyArn=versioned, VersionId="v9")
case("DeletePolicyVersion", "DeleteConflict", root, PolicyArn=versioned, VersionId="v1")
case("SetDefaultPolicyVersion", "AccessDenied", denied, PolicyArn=versioned, VersionId="v2")
case("SetDefaultPolicyVersion", "AccessDenied.awsManaged", root, PolicyArn=readonly, VersionId="v1")
case("SetDefaultPolicyVersion", "ValidationError", raw, PolicyArn=versioned, VersionId="version2")
case("SetDefaultPolicyVersion", "NoSuchEntity", root, PolicyArn=MISSING_POLICY, VersionId="v2")
case("SetDefaultPolicyVersion", "NoSuchEntity.version", root, PolicyArn=versioned, VersionId="v9")
case("TagPolicy", "AccessDenied", denied, PolicyArn=managed, Tags=tags(1))
case("TagPolicy", "AccessDenied.awsManaged", root, PolicyArn=readonly, Tags=tags(1))
case("TagPolicy", "ValidationError", raw, PolicyArn=managed, Tags=BAD_TAG)
case("TagPolicy", "NoSuchEntity", root, PolicyArn=MISSING_POLICY, Tags=tags(1))
case("TagPolicy", "InvalidInput", root, PolicyArn=managed, Tags=DUPLICATE_TAGS)
case("TagPolicy", "LimitExceeded", root, PolicyArn=tagged_policy, Tags=tags(1, "new"))
case("UntagPolicy", "AccessDenied", denied, PolicyArn=managed, TagKeys=["k0"])
case("UntagPolicy", "AccessDenied.awsManaged", root, PolicyArn=readonly, TagKeys=["k0"])
case("UntagPolicy", "ValidationError", raw, PolicyArn=managed, TagKeys=["bad*key"])
case("UntagPolicy", "NoSuchEntity", root, PolicyArn=MISSING_POLICY, TagKeys=["k0"])
case("ListPolicyTags", "AccessDenied", denied, PolicyArn=managed)
case("ListPolicyTags", "ValidationError", raw, PolicyArn=managed, MaxItems=0)
case("ListPolicyTags", "NoSuchEntity", root, PolicyArn=MISSING_POLICY)
case("ListPolicyTags", "InvalidInput", root, PolicyArn=managed, Marker="garbage")
case("ListEntitiesForPolicy", "AccessDenied", denied, PolicyArn=managed)
case("ListEntitiesForPolicy", "ValidationError", raw, PolicyArn=managed, EntityFilter="Nope")
case("ListEntitiesForPolicy", "NoSuchEntity", root, PolicyArn=MISSING_POLICY)
case("ListEntitiesForPolicy", "InvalidInput", root, PolicyArn=managed, Marker="garbage")

# ---- access keys ----
case("CreateAccessKey", "AccessDenied", denied, UserName="alice")
case("CreateAccessKey", "ValidationError", raw, UserName="bad name")
case("CreateAccessKey", "ValidationError.session", session)
case("CreateAccessKey", "NoSuchEntity", root, UserName="ghost")
case("CreateAccessKey", "LimitExceeded", root, UserName="two-keys")
case("ListAccessKeys", "AccessDenied", denied, UserName="alice")
case("ListAccessKeys", "ValidationError", raw, UserName="alice", MaxItems=0)
case("ListAccessKeys", "ValidationError.session", session)
case("ListAccessKeys", "NoSuchEntity", root, UserName="ghost")
case("ListAccessKeys", "InvalidInput", root, UserName="two-keys", Marker="garbage")
case("UpdateAccessKey", "AccessDenied", denied, UserName="alice", AccessKeyId=MISSING_KEY, Status="Inactive")
case("UpdateAccessKey", "ValidationError", raw, UserName="alice", AccessKeyId=MISSING_KEY, Status="Paused")
case("UpdateAccessKey", "ValidationError.session", session, AccessKeyId=MISSING_KEY, Status="Inactive")
case("UpdateAccessKey", "NoSuchEntity", root, UserName="ghost", AccessKeyId=MISSING_KEY, Status="Inactive")
case("UpdateAccessKey", "NoSuchEntity.key", root, UserName="alice", AccessKeyId=MISSING_KEY, Status="Inactive")
case("UpdateAccessKey", "InvalidInput", root, UserName="nobody", AccessKeyId=denied_key["AccessKeyId"],
     Status="Expired")
case("DeleteAccessKey", "AccessDenied", denied, UserName="alice", AccessKeyId=MISSING_KEY)
case("DeleteAccessKey", "ValidationError", raw, UserName="alice", AccessKeyId="AKIA")
case("DeleteAccessKey", "ValidationError.session", session, AccessKeyId=MISSING_KEY)
case("DeleteAccessKey", "NoSuchEntity", root, UserName="ghost", AccessKeyId=MISSING_KEY)
case("DeleteAccessKey", "NoSuchEntity.key", root, UserName="alice", AccessKeyId=MISSING_KEY)
case("GetAccessKeyLastUsed", "AccessDenied", denied, AccessKeyId=denied_key["AccessKeyId"])
case("GetAccessKeyLastUsed", "ValidationError", raw, AccessKeyId="AKIA")
case("GetAccessKeyLastUsed", "NoSuchEntity", root, AccessKeyId=MISSING_KEY)

# ---- the account: alias, password policy, summary, authorization details, credential report ----
case("CreateAccountAlias", "AccessDenied", denied, AccountAlias="mine")
case("CreateAccountAlias", "ValidationError", raw, AccountAlias="Bad_Alias")
case("CreateAccountAlias", "EntityAlreadyExists", root, AccountAlias="charter-errors")
case("CreateAccountAlias", "LimitExceeded", root, AccountAlias="second-alias")
case("ListAccountAliases", "AccessDenied", denied)
case("ListAccountAliases", "ValidationError", raw, MaxItems=0)
case("ListAccountAliases", "InvalidInput", root, Marker="garbage")
case("DeleteAccountAlias", "AccessDenied", denied, AccountAlias="charter-errors")
case("DeleteAccountAlias", "ValidationError", raw, AccountAlias="x")
case("DeleteAccountAlias", "NoSuchEntity", root, AccountAlias="not-mine")
case("UpdateAccountPasswordPolicy", "AccessDenied", denied, MinimumPasswordLength=12)
case("UpdateAccountPasswordPolicy", "ValidationError", raw, MinimumPasswordLength=5)
case("GetAccountPasswordPolicy", "AccessDenied", denied)
case("GetAccountPasswordPolicy", "NoSuchEntity", root)
case("DeleteAccountPasswordPolicy", "AccessDenied", denied)
case("DeleteAccountPasswordPolicy", "NoSuchEntity", root)
case("GetAccountSummary", "AccessDenied", denied)
case("GetAccountAuthorizationDetails", "AccessDenied", denied)
case("GetAccountAuthorizationDetails", "ValidationError", raw, Filter=["Nope"])
case("GetAccountAuthorizationDetails", "InvalidInput", root, Marker="garbage")
case("GenerateCredentialReport", "AccessDenied", denied)
case("GetCredentialReport", "AccessDenied", denied)
case("GetCredentialReport", "ReportNotPresent", root)

# ---- instance profiles ----
case("CreateInstanceProfile", "AccessDenied", denied, InstanceProfileName="made")
case("CreateInstanceProfile", "ValidationError", raw, InstanceProfileName="bad name")
case("CreateInstanceProfile", "EntityAlreadyExists", root, InstanceProfileName="BOX")
case("CreateInstanceProfile", "InvalidInput", root, InstanceProfileName="made", Tags=DUPLICATE_TAGS)
case("GetInstanceProfile", "AccessDenied", denied, InstanceProfileName="box")
case("GetInstanceProfile", "ValidationError", raw)
case("GetInstanceProfile", "NoSuchEntity", root, InstanceProfileName="ghost")
case("ListInstanceProfiles", "AccessDenied", denied)
case("ListInstanceProfiles", "ValidationError", raw, PathPrefix="no-slash")
case("ListInstanceProfiles", "InvalidInput", root, Marker="garbage")
case("DeleteInstanceProfile", "AccessDenied", denied, InstanceProfileName="box")
case("DeleteInstanceProfile", "ValidationError", raw, InstanceProfileName="")
case("DeleteInstanceProfile", "NoSuchEntity", root, InstanceProfileName="ghost")
case("DeleteInstanceProfile", "DeleteConflict", root, InstanceProfileName="occupied")
case("AddRoleToInstanceProfile", "AccessDenied", denied, InstanceProfileName="box", RoleName="worker")
case("AddRoleToInstanceProfile", "AccessDenied.passRole", partial, InstanceProfileName="box", RoleName="worker")
case("AddRoleToInstanceProfile", "ValidationError", raw, InstanceProfileName="box")
case("AddRoleToInstanceProfile", "NoSuchEntity.profile", root, InstanceProfileName="ghost", RoleName="worker")
case("AddRoleToInstanceProfile", "NoSuchEntity.role", root, InstanceProfileName="box", RoleName="ghost")
case("AddRoleToInstanceProfile", "LimitExceeded.sameRole", root, InstanceProfileName="occupied",
     RoleName="profiled-role")
case("AddRoleToInstanceProfile", "LimitExceeded.secondRole", root, InstanceProfileName="occupied", RoleName="worker")
case("RemoveRoleFromInstanceProfile", "AccessDenied", denied, InstanceProfileName="occupied",
     RoleName="profiled-role")
case("RemoveRoleFromInstanceProfile", "ValidationError", raw, InstanceProfileName="occupied", RoleName="bad name")
case("RemoveRoleFromInstanceProfile", "NoSuchEntity.profile", root, InstanceProfileName="ghost", RoleName="worker")
case("RemoveRoleFromInstanceProfile", "NoSuchEntity.role", root, InstanceProfileName="box", RoleName="ghost")
case("RemoveRoleFromInstanceProfile", "NoSuchEntity.notInProfile", root, InstanceProfileName="box", RoleName="worker")
case("ListInstanceProfilesForRole", "AccessDenied", denied, RoleName="worker")
case("ListInstanceProfilesForRole", "ValidationError", raw, RoleName="worker", MaxItems=0)
case("ListInstanceProfilesForRole", "NoSuchEntity", root, RoleName="ghost")
case("ListInstanceProfilesForRole", "InvalidInput", root, RoleName="worker", Marker="garbage")
case("TagInstanceProfile", "AccessDenied", denied, InstanceProfileName="box", Tags=tags(1))
case("TagInstanceProfile", "ValidationError", raw, InstanceProfileName="box", Tags=BAD_TAG)
case("TagInstanceProfile", "NoSuchEntity", root, InstanceProfileName="ghost", Tags=tags(1))
case("TagInstanceProfile", "InvalidInput", root, InstanceProfileName="box", Tags=DUPLICATE_TAGS)
case("TagInstanceProfile", "LimitExceeded", root, InstanceProfileName="tagged-box", Tags=tags(1, "new"))
case("UntagInstanceProfile", "AccessDenied", denied, InstanceProfileName="box", TagKeys=["k0"])
case("UntagInstanceProfile", "ValidationError", raw, InstanceProfileName="box", TagKeys=["bad*key"])
case("UntagInstanceProfile", "NoSuchEntity", root, InstanceProfileName="ghost", TagKeys=["k0"])
case("ListInstanceProfileTags", "AccessDenied", denied, InstanceProfileName="box")
case("ListInstanceProfileTags", "ValidationError", raw, InstanceProfileName="box", MaxItems=0)
case("ListInstanceProfileTags", "NoSuchEntity", root, InstanceProfileName="ghost")
case("ListInstanceProfileTags", "InvalidInput", root, InstanceProfileName="box", Marker="garbage")

# ---- login profiles and passwords ----
case("CreateLoginProfile", "AccessDenied", denied, UserName="alice", Password=PASSWORD)
case("CreateLoginProfile", "ValidationError", raw, UserName="alice")
case("CreateLoginProfile", "ValidationError.root", root, Password=PASSWORD)
case("CreateLoginProfile", "ValidationError.session", session, Password=PASSWORD)
case("CreateLoginProfile", "NoSuchEntity", root, UserName="ghost", Password=PASSWORD)
case("CreateLoginProfile", "EntityAlreadyExists", root, UserName="has-login", Password=PASSWORD)
case("CreateLoginProfile", "PasswordPolicyViolation", root, UserName="alice", Password="short")
case("GetLoginProfile", "AccessDenied", denied, UserName="has-login")
case("GetLoginProfile", "ValidationError", raw, UserName="bad name")
case("GetLoginProfile", "NoSuchEntity", root, UserName="ghost")
case("GetLoginProfile", "NoSuchEntity.profile", root, UserName="alice")
case("UpdateLoginProfile", "AccessDenied", denied, UserName="has-login", PasswordResetRequired=True)
case("UpdateLoginProfile", "ValidationError", raw, UserName="bad name", PasswordResetRequired=True)
case("UpdateLoginProfile", "NoSuchEntity", root, UserName="ghost", PasswordResetRequired=True)
case("UpdateLoginProfile", "NoSuchEntity.profile", root, UserName="alice", PasswordResetRequired=True)
case("UpdateLoginProfile", "PasswordPolicyViolation", root, UserName="has-login", Password="short")
case("DeleteLoginProfile", "AccessDenied", denied, UserName="has-login")
case("DeleteLoginProfile", "ValidationError", raw, UserName="")
case("DeleteLoginProfile", "NoSuchEntity", root, UserName="ghost")
case("DeleteLoginProfile", "NoSuchEntity.profile", root, UserName="alice")
case("ChangePassword", "AccessDenied", denied, OldPassword=PASSWORD, NewPassword=PASSWORD + "!")
case("ChangePassword", "ValidationError", raw, OldPassword=PASSWORD)
case("ChangePassword", "InvalidUserType.root", root, OldPassword=PASSWORD, NewPassword=PASSWORD + "!")
case("ChangePassword", "InvalidUserType.session", session, OldPassword=PASSWORD, NewPassword=PASSWORD + "!")
case("ChangePassword", "NoSuchEntity", changer, OldPassword=PASSWORD, NewPassword=PASSWORD + "!")
root.create_login_profile(UserName="changer", Password=PASSWORD)
case("ChangePassword", "InvalidInput", changer, OldPassword="Wrong-Horse-9", NewPassword=PASSWORD + "!")
case("ChangePassword", "PasswordPolicyViolation", changer, OldPassword=PASSWORD, NewPassword="short")

# ---- MFA devices ----
case("CreateVirtualMFADevice", "AccessDenied", denied, VirtualMFADeviceName="made")
case("CreateVirtualMFADevice", "ValidationError", raw, VirtualMFADeviceName="bad name")
case("CreateVirtualMFADevice", "EntityAlreadyExists", root, VirtualMFADeviceName="spare")
case("CreateVirtualMFADevice", "InvalidInput", root, VirtualMFADeviceName="made", Tags=DUPLICATE_TAGS)
codes = {"AuthenticationCode1": "000000", "AuthenticationCode2": "000000"}
case("EnableMFADevice", "AccessDenied", denied, UserName="alice", SerialNumber=spare, **codes)
case("EnableMFADevice", "ValidationError", raw, UserName="alice", SerialNumber=spare, AuthenticationCode1="12",
     AuthenticationCode2="000000")
case("EnableMFADevice", "NoSuchEntity", root, UserName="ghost", SerialNumber=spare, **codes)
case("EnableMFADevice", "NoSuchEntity.device", root, UserName="alice", SerialNumber=missing_device, **codes)
case("EnableMFADevice", "EntityAlreadyExists", root, UserName="alice", SerialNumber=in_use, **codes)
case("EnableMFADevice", "LimitExceeded", root, UserName="many-mfa", SerialNumber=ARN + "mfa/ninth", **codes)
case("EnableMFADevice", "InvalidAuthenticationCode", root, UserName="alice", SerialNumber=spare, **codes)
case("DeactivateMFADevice", "AccessDenied", denied, UserName="has-mfa", SerialNumber=in_use)
case("DeactivateMFADevice", "ValidationError", raw, UserName="has-mfa", SerialNumber="short")
case("DeactivateMFADevice", "ValidationError.session", session, SerialNumber=in_use)
case("DeactivateMFADevice", "NoSuchEntity", root, UserName="ghost", SerialNumber=in_use)
case("DeactivateMFADevice", "NoSuchEntity.device", root, UserName="alice", SerialNumber=in_use)
case("ResyncMFADevice", "AccessDenied", denied, UserName="has-mfa", SerialNumber=in_use, **codes)
case("ResyncMFADevice", "ValidationError", raw, UserName="has-mfa", SerialNumber=in_use)
case("ResyncMFADevice", "NoSuchEntity", root, UserName="ghost", SerialNumber=in_use, **codes)
case("ResyncMFADevice", "NoSuchEntity.device", root, UserName="alice", SerialNumber=in_use, **codes)
case("ResyncMFADevice", "InvalidAuthenticationCode", root, UserName="has-mfa", SerialNumber=in_use, **codes)
case("ListMFADevices", "AccessDenied", denied, UserName="has-mfa")
case("ListMFADevices", "ValidationError", raw, UserName="has-mfa", MaxItems=0)
case("ListMFADevices", "ValidationError.session", session)
case("ListMFADevices", "NoSuchEntity", root, UserName="ghost")
case("ListMFADevices", "InvalidInput", root, UserName="has-mfa", Marker="garbage")
case("ListVirtualMFADevices", "AccessDenied", denied)
case("ListVirtualMFADevices", "ValidationError", raw, AssignmentStatus="Some")
case("ListVirtualMFADevices", "InvalidInput", root, Marker="garbage")
case("GetMFADevice", "AccessDenied", denied, UserName="has-mfa", SerialNumber=in_use)
case("GetMFADevice", "ValidationError", raw, UserName="has-mfa")
case("GetMFADevice", "ValidationError.session", session, SerialNumber=in_use)
case("GetMFADevice", "NoSuchEntity", root, UserName="ghost", SerialNumber=in_use)
case("GetMFADevice", "NoSuchEntity.device", root, UserName="alice", SerialNumber=in_use)
case("DeleteVirtualMFADevice", "AccessDenied", denied, SerialNumber=spare)
case("DeleteVirtualMFADevice", "ValidationError", raw, SerialNumber="bad serial!")
case("DeleteVirtualMFADevice", "NoSuchEntity", root, SerialNumber=missing_device)
case("DeleteVirtualMFADevice", "DeleteConflict", root, SerialNumber=in_use)
case("TagMFADevice", "AccessDenied", denied, SerialNumber=spare, Tags=tags(1))
case("TagMFADevice", "ValidationError", raw, SerialNumber=spare, Tags=BAD_TAG)
case("TagMFADevice", "NoSuchEntity", root, SerialNumber=missing_device, Tags=tags(1))
case("TagMFADevice", "InvalidInput", root, SerialNumber=spare, Tags=DUPLICATE_TAGS)
case("TagMFADevice", "LimitExceeded", root, SerialNumber=ARN + "mfa/tagged-mfa", Tags=tags(1, "new"))
case("UntagMFADevice", "AccessDenied", denied, SerialNumber=spare, TagKeys=["k0"])
case("UntagMFADevice", "ValidationError", raw, SerialNumber=spare)
case("UntagMFADevice", "NoSuchEntity", root, SerialNumber=missing_device, TagKeys=["k0"])
case("ListMFADeviceTags", "AccessDenied", denied, SerialNumber=spare)
case("ListMFADeviceTags", "ValidationError", raw, SerialNumber=spare, MaxItems=0)
case("ListMFADeviceTags", "NoSuchEntity", root, SerialNumber=missing_device)
case("ListMFADeviceTags", "InvalidInput", root, SerialNumber=spare, Marker="garbage")

# ---- the policy simulator ----
alice = ARN + "user/alice"
read = [text(allow("iam:GetUser"))]
case("SimulatePrincipalPolicy", "AccessDenied", denied, PolicySourceArn=alice, ActionNames=["iam:GetUser"])
case("SimulatePrincipalPolicy", "ValidationError", raw, PolicySourceArn=alice)
case("SimulatePrincipalPolicy", "InvalidInput.arn", root, PolicySourceArn="arn:aws:s3:::some-bucket",
     ActionNames=["iam:GetUser"])
case("SimulatePrincipalPolicy", "NoSuchEntity.user", root, PolicySourceArn=ARN + "user/ghost",
     ActionNames=["iam:GetUser"])
case("SimulatePrincipalPolicy", "NoSuchEntity.role", root, PolicySourceArn=ARN + "role/ghost",
     ActionNames=["iam:GetUser"])
case("SimulatePrincipalPolicy", "NoSuchEntity.group", root, PolicySourceArn=ARN + "group/ghost",
     ActionNames=["iam:GetUser"])
case("SimulatePrincipalPolicy", "MalformedPolicyDocument", root, PolicySourceArn=alice, PolicyInputList=["{nope"],
     ActionNames=["iam:GetUser"])
case("SimulatePrincipalPolicy", "InvalidInput.action", root, PolicySourceArn=alice, ActionNames=["nocolon"])
case("SimulatePrincipalPolicy", "InvalidInput.callerArn", root, PolicySourceArn=alice, ActionNames=["iam:GetUser"],
     CallerArn=ARN + "role/worker")
case("SimulatePrincipalPolicy", "NoSuchEntity.callerArn", root, PolicySourceArn=alice, ActionNames=["iam:GetUser"],
     CallerArn=ARN + "user/ghost")
case("SimulatePrincipalPolicy", "InvalidInput.contextEntry", root, PolicySourceArn=alice, ActionNames=["iam:GetUser"],
     ContextEntries=[{"ContextKeyName": "aws:EpochTime", "ContextKeyType": "numeric", "ContextKeyValues": ["soon"]}])
case("SimulatePrincipalPolicy", "InvalidInput", root, PolicySourceArn=alice, ActionNames=["iam:GetUser"],
     Marker="garbage")
case("SimulateCustomPolicy", "AccessDenied", denied, PolicyInputList=read, ActionNames=["iam:GetUser"])
case("SimulateCustomPolicy", "ValidationError", raw, ActionNames=["iam:GetUser"])
case("SimulateCustomPolicy", "MalformedPolicyDocument", root, PolicyInputList=["{nope"], ActionNames=["iam:GetUser"])
case("SimulateCustomPolicy", "MalformedPolicyDocument.resourcePolicy", root, PolicyInputList=read,
     ActionNames=["iam:GetUser"], ResourcePolicy=text(allow("iam:GetUser")))
case("SimulateCustomPolicy", "InvalidInput.contextEntry", raw, PolicyInputList=read, ActionNames=["iam:GetUser"],
     ContextEntries=[{"ContextKeyType": "string", "ContextKeyValues": ["x"]}])
case("SimulateCustomPolicy", "InvalidInput", root, PolicyInputList=read, ActionNames=["iam:GetUser"],
     Marker="garbage")
case("GetContextKeysForPrincipalPolicy", "AccessDenied", denied, PolicySourceArn=alice)
case("GetContextKeysForPrincipalPolicy", "ValidationError", raw)
case("GetContextKeysForPrincipalPolicy", "InvalidInput", root, PolicySourceArn="arn:aws:s3:::some-bucket")
case("GetContextKeysForPrincipalPolicy", "NoSuchEntity", root, PolicySourceArn=ARN + "user/ghost")
case("GetContextKeysForPrincipalPolicy", "MalformedPolicyDocument", root, PolicySourceArn=alice,
     PolicyInputList=["{nope"])
case("GetContextKeysForCustomPolicy", "AccessDenied", denied, PolicyInputList=read)
case("GetContextKeysForCustomPolicy", "ValidationError", raw)
case("GetContextKeysForCustomPolicy", "MalformedPolicyDocument", root, PolicyInputList=["{nope"])

# ---- last, as it leaves the account full: the quota of groups ----
existing = len(root.get_paginator("list_groups").paginate().build_full_result()["Groups"])
for i in range(300 - existing):
    root.create_group(GroupName="filler-%d" % i)
case("CreateGroup", "LimitExceeded", root, GroupName="one-too-many")

# Which of the model's operations the server implements: any answer but InvalidAction.
implemented = []
probe = client(validate=False, aws_access_key_id=denied_key["AccessKeyId"],
               aws_secret_access_key=denied_key["SecretAccessKey"])
for operation in sorted(probe.meta.service_model.operation_names):
    try:
        getattr(probe, botocore.xform_name(operation))()
        implemented.append(operation)
    except botocore.exceptions.ClientError as e:
        if e.response["Error"]["Code"] != "InvalidAction":
            implemented.append(operation)

print(json.dumps({"implemented": implemented, "cases": cases}, indent=1, sort_keys=True))

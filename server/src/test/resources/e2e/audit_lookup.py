"""Reads the audit trail back with boto3's CloudTrail client, a page of one event at a time (so the
NextToken is followed), and prints one JSON line: the events' ids, names, users and records, or the error.

Usage: python3 audit_lookup.py ENDPOINT KEY VALUE
Credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN).
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config

endpoint, key, value = sys.argv[1:4]
config = Config(retries={"max_attempts": 1, "mode": "standard"})
cloudtrail = boto3.client("cloudtrail", endpoint_url=endpoint, region_name="us-east-1", config=config)
try:
    events = []
    pages = cloudtrail.get_paginator("lookup_events").paginate(
        LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}], PaginationConfig={"PageSize": 1})
    for page in pages:
        for e in page["Events"]:
            events.append({"EventId": e["EventId"], "EventName": e["EventName"], "Username": e.get("Username"),
                           "EventTime": e["EventTime"].isoformat(), "Record": json.loads(e["CloudTrailEvent"])})
    print(json.dumps({"Events": events}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({"Error": e.response["Error"]["Code"], "Message": e.response["Error"].get("Message")}))

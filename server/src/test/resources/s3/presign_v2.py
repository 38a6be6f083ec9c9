"""Prints boto3's presigned URL (its default for a custom endpoint: signature version 2).

Arguments: endpoint, client method (get_object, put_object), bucket, key, seconds to expiry, and
optionally the method's further parameters as JSON. Credentials come from the environment.
"""
import json
import sys

import boto3

endpoint, method, bucket, key, expires = sys.argv[1:6]
params = {"Bucket": bucket, "Key": key}
if len(sys.argv) > 6:
    params.update(json.loads(sys.argv[6]))
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
print(s3.generate_presigned_url(method, Params=params, ExpiresIn=int(expires)))

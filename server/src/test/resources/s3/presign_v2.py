"""Prints boto3's presigned URL (its default for a custom endpoint: signature version 2).

Arguments: endpoint, client method (get_object, put_object), bucket, key, seconds to expiry, and
optionally the method's further parameters as JSON. Credentials come from the environment, and
ADDRESSING_STYLE (path or virtual; path by default).
"""
import json
import os
import sys

import boto3
from botocore.config import Config

endpoint, method, bucket, key, expires = sys.argv[1:6]
params = {"Bucket": bucket, "Key": key}
if len(sys.argv) > 6:
    params.update(json.loads(sys.argv[6]))
style = os.environ.get("ADDRESSING_STYLE", "path")
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  config=Config(s3={"addressing_style": style}))
print(s3.generate_presigned_url(method, Params=params, ExpiresIn=int(expires)))

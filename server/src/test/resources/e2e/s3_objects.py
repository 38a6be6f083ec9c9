"""boto3 end to end on S3 through Charter, with boto3's defaults (checksums, chunked uploads):
objects of several sizes, a multipart upload, listing, copying, tagging-free metadata, deleting many
at once, and a denial per key. Prints one JSON line.

Usage: python3 s3_objects.py ENDPOINT BUCKET   (root credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
"""
import hashlib
import io
import json
import sys

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint, bucket = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  config=Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "path"}))


def code(call):
    try:
        call()
        return "OK"
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]


result = {}
s3.create_bucket(Bucket=bucket)
small = b"x" * 1024
s3.put_object(Bucket=bucket, Key="small.bin", Body=small, Metadata={"owner": "boto"})
got = s3.get_object(Bucket=bucket, Key="small.bin")
result["small"] = got["Body"].read() == small
result["metadata"] = got["Metadata"].get("owner")
result["ranged"] = s3.get_object(Bucket=bucket, Key="small.bin", Range="bytes=0-9")["Body"].read().decode()

big = bytes(range(256)) * (20 * 1024 * 1024 // 256)  # 20 MiB: a multipart upload with 8 MiB parts
s3.upload_fileobj(io.BytesIO(big), bucket, "big.bin",
                  Config=TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024))
body = s3.get_object(Bucket=bucket, Key="big.bin")["Body"].read()
result["multipart"] = hashlib.sha256(body).hexdigest() == hashlib.sha256(big).hexdigest()

s3.copy_object(Bucket=bucket, Key="copy.bin", CopySource={"Bucket": bucket, "Key": "small.bin"})
result["copied"] = s3.get_object(Bucket=bucket, Key="copy.bin")["Body"].read() == small
listed = s3.list_objects_v2(Bucket=bucket, Prefix="", Delimiter="/")
result["listed"] = sorted(o["Key"] for o in listed.get("Contents", []))
deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in result["listed"]]})
result["deleted"] = sorted(d["Key"] for d in deleted.get("Deleted", []))
result["after"] = s3.list_objects_v2(Bucket=bucket).get("KeyCount")
result["missing"] = code(lambda: s3.get_object(Bucket=bucket, Key="small.bin"))
result["location"] = s3.get_bucket_location(Bucket=bucket)["LocationConstraint"]
s3.delete_bucket(Bucket=bucket)
result["gone"] = code(lambda: s3.head_bucket(Bucket=bucket))
print(json.dumps(result))

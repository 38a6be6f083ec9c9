"""boto3 puts one object of SIZE bytes in a single PutObject, streamed from a generator file object (never whole in
this process either), then reads it back in 1 MiB pieces and compares SHA-256 digests. Prints one JSON line.

Usage: python3 s3_large_upload.py ENDPOINT BUCKET SIZE   (credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
"""
import hashlib
import io
import json
import sys

import boto3
from botocore.config import Config

endpoint, bucket, size = sys.argv[1], sys.argv[2], int(sys.argv[3])


class Pattern(io.RawIOBase):
    """SIZE bytes of a repeating pattern, read in pieces, seekable (botocore rewinds to sign and retry)."""

    def __init__(self, size):
        self.size, self.position = size, 0
        self.block = bytes((i * 7 + 3) % 256 for i in range(65536))

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        self.position = offset if whence == 0 else (self.position + offset if whence == 1 else self.size + offset)
        return self.position

    def tell(self):
        return self.position

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.position)
        start = self.position % len(self.block)
        out = (self.block[start:] + self.block * (n // len(self.block) + 1))[:n]
        buffer[:n] = out
        self.position += n
        return n


def digest(stream, piece=1 << 20):
    h = hashlib.sha256()
    while True:
        data = stream.read(piece)
        if not data:
            return h.hexdigest()
        h.update(data)


s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  config=Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "path"}))
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="large.bin", Body=Pattern(size), ContentLength=size)
head = s3.head_object(Bucket=bucket, Key="large.bin")
read_back = digest(s3.get_object(Bucket=bucket, Key="large.bin")["Body"])
print(json.dumps({"length": head["ContentLength"], "same": read_back == digest(Pattern(size))}))

"""A toy "orders" service that authorizes its requests with Charter (charter:Authorize), and a client of it.

Usage: python3 orders_service.py CHARTER_ENDPOINT SERVICE_KEY_ID SERVICE_SECRET CLIENT_KEY_ID CLIENT_SECRET
Starts the service on a free port, sends it signed requests as the client (botocore's SigV4 for
service "orders"), and prints one JSON line per request: the status and body the service answered.
The function authorize() is the example of README.md's "Authorizing requests to your own service".
"""
import hashlib
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CHARTER = sys.argv[1]
SERVICE_KEY = Credentials(sys.argv[2], sys.argv[3])
CLIENT_KEY = Credentials(sys.argv[4], sys.argv[5])


# --- README: authorize ---
def authorize(method, path, query, headers, body, action, resources):
    """Asks Charter who signed the request a client sent us, and whether it may do action on resources."""
    payload = json.dumps({
        "Request": {
            "Method": method, "Path": path, "Query": query,
            "Headers": [{"Name": name, "Value": value} for name, value in headers],
            "PayloadHash": hashlib.sha256(body).hexdigest(),
        },
        "Action": action,
        "Resources": resources,
    })
    call = AWSRequest(method="POST", url=CHARTER, data=payload, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "Charter_20261101.Authorize",
    })
    SigV4Auth(SERVICE_KEY, "charter", "us-east-1").add_auth(call)  # the service's own key
    request = urllib.request.Request(CHARTER, data=payload.encode(), headers=dict(call.headers), method="POST")
    with urllib.request.urlopen(request) as response:
        return json.load(response)
# --- end ---


class Orders(BaseHTTPRequestHandler):
    def do_GET(self):
        path, _, query = self.path.partition("?")
        order = path.rsplit("/", 1)[-1]
        answer = authorize(self.command, path, query, self.headers.items(), b"", "orders:GetOrder",
                           ["arn:aws:orders:us-east-1:123456789012:order/" + order])
        if not answer["Authenticated"]:  # relay Charter's answer: the client sees what AWS would say
            self.reply(answer["Error"]["HttpStatus"], {"Code": answer["Error"]["Code"],
                                                       "Message": answer["Error"]["Message"]})
        elif answer["Decision"] != "allowed":
            self.reply(403, {"Code": "AccessDenied", "Message": answer["Results"][0]["Explanation"]})
        else:
            self.reply(200, {"Order": order, "ReadBy": answer["Principal"]["Arn"]})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Orders)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % server.server_address[1]


def get(path, credentials):
    """The client: a GET signed with botocore's SigV4 for the service "orders"."""
    request = AWSRequest(method="GET", url=base + path)
    SigV4Auth(credentials, "orders", "us-east-1").add_auth(request)
    sent = urllib.request.Request(base + path, headers=dict(request.headers), method="GET")
    try:
        with urllib.request.urlopen(sent) as response:
            return {"Status": response.status, "Body": json.load(response)}
    except urllib.error.HTTPError as e:
        return {"Status": e.code, "Body": json.load(e)}


print(json.dumps(get("/orders/42?expand=items", CLIENT_KEY)))
print(json.dumps(get("/orders/42", Credentials(CLIENT_KEY.access_key, "not-the-secret"))))
print(json.dumps(get("/orders/7", CLIENT_KEY)))
server.shutdown()

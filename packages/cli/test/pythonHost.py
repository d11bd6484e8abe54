"""A CRM backend in Python 3 (standard library only), as `saleschat-kit serve` expects its host.

GET /token?user=<id>      mints a 60 s HS256 JWT for that user (a real host takes the user from
                          its session, never from the query).
GET /leads/<crmCustomerId> answers the lead, after checking the service's HMAC signature.
Settings from the environment: JWT_SECRET, LEAD_SECRET, LEADS (JSON: id -> lead + "owners").
Prints "listening <port>" once ready.
"""
import base64, hashlib, hmac, json, os, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs, unquote

JWT_SECRET = os.environ["JWT_SECRET"].encode()
LEAD_SECRET = os.environ["LEAD_SECRET"].encode()
LEADS = json.loads(os.environ["LEADS"])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(user: str) -> str:
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": user, "iss": "python-crm", "aud": "saleschat-kit", "iat": now, "exp": now + 60}
    body = b64(json.dumps(claims).encode())
    signature = hmac.new(JWT_SECRET, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64(signature)}"


class Host(BaseHTTPRequestHandler):
    def answer(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/token":
            return self.answer(200, {"token": mint(parse_qs(url.query)["user"][0])})
        if url.path.startswith("/leads/"):
            stamp = self.headers.get("X-Saleschat-Kit-Timestamp", "")
            user = self.headers.get("X-Saleschat-Kit-User", "")
            text = f"{stamp}\nGET\n{url.path}\n{user}".encode()
            expected = hmac.new(LEAD_SECRET, text, hashlib.sha256).hexdigest()
            given = self.headers.get("X-Saleschat-Kit-Signature", "")
            if not stamp.isdigit() or abs(time.time() - int(stamp)) > 300 or not hmac.compare_digest(expected, given):
                return self.answer(401)
            lead = LEADS.get(unquote(url.path[len("/leads/"):]))
            if lead is None:
                return self.answer(404)
            if user not in lead["owners"]:
                return self.answer(403)
            return self.answer(200, {k: v for k, v in lead.items() if k != "owners"})
        self.answer(404)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Host)
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()

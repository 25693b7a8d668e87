"""Decoy test helpers: deployments built through the services, a fake provider on
loopback, and webhook requests signed the way each provider documents it."""

import base64
import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

from django.utils import timezone

from signaal.decoys import services

TWILIO_TOKEN = "twilio-auth-token-for-tests"
WHATSAPP_SECRET = "whatsapp-app-secret-for-tests"
WHATSAPP_VERIFY = "whatsapp-verify-token-for-tests"
BIRD_KEY = "bird-signing-key-for-tests"
CLIENT = "+447700900123"


def authorisation(**overrides) -> dict:
    now = timezone.now()
    fields = {
        "kind": "ad",
        "name": "Lokadvertentie test",
        "purpose": "Klanten waarschuwen.",
        "legal_basis": "Gerechtvaardigd belang.",
        "platforms": "advertenties.example.org",
        "content": "Nieuw in de stad.",
        "starts_at": now - timedelta(hours=1),
        "expires_at": now + timedelta(days=7),
        "contact_cap": 100,
        "stop_conditions": "Bij signalen van een echt slachtoffer.",
        "dpia_reference": "DPIA-1",
        "police_reference": "",
    }
    fields.update(overrides)
    return fields


def make_deployment(creator, approvers=(), **overrides):
    deployment = services.deployment_create(actor=creator, **authorisation(**overrides))
    for approver in approvers:
        services.deployment_approve(deployment=deployment, actor=approver)
    deployment.refresh_from_db()
    return deployment


def add_channels(deployment, actor, base_url: str):
    services.channel_set(
        deployment=deployment,
        provider="twilio",
        values={
            "account_sid": "ACtest",
            "from_number": "+447700900999",
            "auth_token": TWILIO_TOKEN,
            "base_url": base_url,
        },
        actor=actor,
    )
    services.channel_set(
        deployment=deployment,
        provider="whatsapp",
        values={
            "phone_number_id": "1055",
            "app_secret": WHATSAPP_SECRET,
            "verify_token": WHATSAPP_VERIFY,
            "access_token": "whatsapp-access-token",
            "base_url": base_url,
        },
        actor=actor,
    )
    services.channel_set(
        deployment=deployment,
        provider="bird",
        values={
            "workspace_id": "ws1",
            "channel_id": "ch1",
            "signing_key": BIRD_KEY,
            "access_key": "bird-access-key",
            "base_url": base_url,
        },
        actor=actor,
    )


# --- a fake provider API on loopback --------------------------------------------


class FakeProvider:
    """A real HTTP server on 127.0.0.1 that records every request it receives."""

    def __init__(self, status: int = 200):
        self.requests: list[dict] = []
        self.status = status
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                provider.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                answer = json.dumps(
                    {"sid": "SMfake1", "messages": [{"id": "wamid.fake1"}], "id": "bird-fake1"}
                ).encode()
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def texts(self) -> list[str]:
        """The message texts received, whatever the provider's request format."""
        found = []
        for r in self.requests:
            body = r["body"]
            if r["path"].endswith("/Messages.json"):
                from urllib.parse import parse_qs

                found.append(parse_qs(body.decode())["Body"][0])
            else:
                data = json.loads(body)
                found.append(
                    data["text"]["body"] if "text" in data else data["body"]["text"]["text"]
                )
        return found


# --- signed webhook requests (written from the providers' docs, not from our code) ---


def twilio_request(
    url: str,
    *,
    sender=CLIENT,
    body="Hoi, ben je beschikbaar?",
    sid="SM0001",
    token=TWILIO_TOKEN,
    extra=None,
):
    params = {
        "MessageSid": sid,
        "AccountSid": "ACtest",
        "From": sender,
        "To": "+447700900999",
        "Body": body,
        "NumMedia": "0",
        **(extra or {}),
    }
    signed = url + "".join(k + params[k] for k in sorted(params))
    signature = base64.b64encode(
        hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()
    ).decode()
    return urlencode(params).encode(), {"X-Twilio-Signature": signature}


def whatsapp_request(
    *,
    sender="447700900123",
    text="Hoi, ben je beschikbaar?",
    message_id="wamid.A1",
    timestamp=None,
    secret=WHATSAPP_SECRET,
    message=None,
):
    message = message or {
        "from": sender,
        "id": message_id,
        "timestamp": str(int(timestamp if timestamp is not None else time.time())),
        "type": "text",
        "text": {"body": text},
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "447700900999",
                                "phone_number_id": "1055",
                            },
                            "contacts": [{"profile": {"name": "Klant"}, "wa_id": sender}],
                            "messages": [message],
                        },
                    }
                ],
            }
        ],
    }
    raw = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return raw, {"X-Hub-Signature-256": signature}


def bird_request(
    url: str,
    *,
    sender=CLIENT,
    text="Hoi, ben je beschikbaar?",
    message_id="bird-msg-1",
    timestamp=None,
    key=BIRD_KEY,
):
    payload = {
        "service": "channels",
        "event": "sms.inbound",
        "payload": {
            "id": message_id,
            "channelId": "ch1",
            "sender": {"contact": {"identifierKey": "phonenumber", "identifierValue": sender}},
            "body": {"type": "text", "text": {"text": text}},
        },
    }
    raw = json.dumps(payload).encode()
    ts = str(int(timestamp if timestamp is not None else time.time()))
    signed = ts.encode() + b"\n" + url.encode() + b"\n" + hashlib.sha256(raw).digest()
    signature = base64.b64encode(hmac.new(key.encode(), signed, hashlib.sha256).digest()).decode()
    return raw, {"MessageBird-Signature": signature, "MessageBird-Request-Timestamp": ts}


SMALL_CHAT = (
    "12/11/2026, 21:04 - Jordy: hoi, hoe oud ben je?\n"
    "12/11/2026, 21:05 - Lotte: 14\n"
    "12/11/2026, 21:06 - Jordy: IMG-20261112-WA0001.jpg (file attached)\n"
)


def make_profile(creator, approvers, operators=(), **overrides):
    now = timezone.now()
    fields = {
        "kind": "profile",
        "police_reference": "OM-2026-1",
        "starts_at": now - timedelta(days=365),
        "expires_at": now + timedelta(days=60),
    }
    fields.update(overrides)
    deployment = make_deployment(creator, approvers, **fields)
    if operators:
        deployment.operators.set(operators)
    return deployment


def decoy_matrix_fixtures(coordinator, investigator) -> dict:
    """Objects the access matrix needs for the decoy URLs (investigator operates the profile)."""
    from signaal.accounts.models import User
    from tests.base import make_staff

    second = make_staff(User.Role.COORDINATOR).user
    ad = make_deployment(coordinator, [coordinator, second])
    profile = make_profile(coordinator, [coordinator, second], operators=[investigator])
    conversation = services.conversation_import(
        deployment=profile,
        filename="chat.txt",
        data=SMALL_CHAT.encode(),
        decoy_name="Lotte",
        actor=coordinator,
    )
    return {
        "decoy_ad": ad,
        "decoy_profile": profile,
        "conversation": conversation,
        "quarantined_media": conversation.media.get(),
    }

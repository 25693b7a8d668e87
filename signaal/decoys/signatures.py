"""Webhook signatures of the three providers, computed over the raw request bytes.

Framework-free: every function takes bytes and strings and returns the
expected signature; `valid(expected, given)` compares in constant time.

- Twilio (`X-Twilio-Signature`), as documented in "Webhooks security":
  base64(HMAC-SHA1(auth token, URL + each POST parameter name followed by its
  value, the parameters sorted by name)). The URL is the full URL Twilio
  requested, query string included. Twilio signs no timestamp: replays are
  caught by the MessageSid and the signature, which may be used once.
- WhatsApp Cloud API (`X-Hub-Signature-256`), as documented for Meta webhooks:
  "sha256=" + hex(HMAC-SHA256(app secret, raw body)).
- Bird / MessageBird (`MessageBird-Signature` with `MessageBird-Request-Timestamp`):
  Bird's newer scheme is a JWT in `MessageBird-Signature-JWT` (HS256 with claims
  `url_hash` and `payload_hash`); Signaal implements the older documented
  scheme instead, as defined here exactly:
      signature = base64(HMAC-SHA256(signing key,
                         timestamp + "\\n" + url + "\\n" + SHA256(body) as raw 32 bytes))
  where timestamp is the header's value (Unix seconds, as sent), url the full
  request URL and body the raw request body. (MessageBird's legacy scheme put
  the sorted query string where this puts the URL; Signaal's configuration
  registers a hook URL per deployment, so the whole URL is signed.)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl

REPLAY_WINDOW_SECONDS = 5 * 60


def valid(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def form_params(body: bytes) -> list[tuple[str, str]]:
    """The POST parameters of an application/x-www-form-urlencoded body, in order."""
    return parse_qsl(body.decode("utf-8", errors="strict"), keep_blank_values=True)


def twilio(url: str, params: list[tuple[str, str]], auth_token: str) -> str:
    data = url + "".join(name + value for name, value in sorted(params))
    mac = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(mac).decode()


def whatsapp(body: bytes, app_secret: str) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def bird(timestamp: str, url: str, body: bytes, signing_key: str) -> str:
    payload = timestamp.encode() + b"\n" + url.encode() + b"\n" + hashlib.sha256(body).digest()
    mac = hmac.new(signing_key.encode(), payload, hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def fresh(timestamp: int | float, now: float, window: int = REPLAY_WINDOW_SECONDS) -> bool:
    """A timestamp within `window` seconds of now (a little clock skew into the future too)."""
    return -60 <= now - timestamp <= window

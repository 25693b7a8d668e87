"""Provider adapters: how the responder sends a message (`send(to, text)`).

Each adapter posts to its provider's API under a configurable base URL with
the credentials of one deployment channel. Credentials never appear in an
exception message or a log line. Tests point the base URL at a fake provider
on loopback.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TIMEOUT_SECONDS = 15

DEFAULT_BASE_URLS = {
    "twilio": "https://api.twilio.com",
    "whatsapp": "https://graph.facebook.com",
    "bird": "https://api.bird.com",
}
WHATSAPP_API_VERSION = "v21.0"


class AdapterError(Exception):
    """The provider refused the message or could not be reached (no secrets in the text)."""


@dataclass(frozen=True)
class Sent:
    provider_message_id: str


def _post(url: str, *, data: bytes, headers: dict[str, str]) -> dict:
    if not url.startswith(("https://", "http://")):
        raise AdapterError("the provider URL must start with https:// or http://")
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(1024 * 1024)
    except urllib.error.HTTPError as e:
        raise AdapterError(f"the provider answered HTTP {e.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise AdapterError(f"the provider could not be reached ({type(reason).__name__})") from None
    try:
        return json.loads(body or b"{}")
    except ValueError:
        return {}


class TwilioAdapter:
    """Programmable Messaging: POST /2010-04-01/Accounts/{sid}/Messages.json, basic auth."""

    def __init__(self, *, base_url: str, account_sid: str, auth_token: str, from_number: str):
        self.base_url = base_url.rstrip("/")
        self.account_sid = account_sid
        self._auth_token = auth_token
        self.from_number = from_number

    def send(self, to: str, text: str) -> Sent:
        sid = urllib.parse.quote(self.account_sid, safe="")
        url = f"{self.base_url}/2010-04-01/Accounts/{sid}/Messages.json"
        auth = base64.b64encode(f"{self.account_sid}:{self._auth_token}".encode()).decode()
        data = urllib.parse.urlencode({"To": to, "From": self.from_number, "Body": text}).encode()
        answer = _post(
            url,
            data=data,
            headers={
                "Authorization": f"Basic {auth}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        return Sent(str(answer.get("sid", "")))


class WhatsAppAdapter:
    """Cloud API: POST /{version}/{phone number id}/messages, bearer token."""

    def __init__(self, *, base_url: str, phone_number_id: str, access_token: str):
        self.base_url = base_url.rstrip("/")
        self.phone_number_id = phone_number_id
        self._access_token = access_token

    def send(self, to: str, text: str) -> Sent:
        number_id = urllib.parse.quote(self.phone_number_id, safe="")
        url = f"{self.base_url}/{WHATSAPP_API_VERSION}/{number_id}/messages"
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.lstrip("+"),
            "type": "text",
            "text": {"preview_url": False, "body": text},
        }
        answer = _post(
            url,
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self._access_token}",
                "Content-Type": "application/json",
            },
        )
        messages = answer.get("messages") or [{}]
        return Sent(str(messages[0].get("id", "")))


class BirdAdapter:
    """Bird Channels API: POST /workspaces/{workspace}/channels/{channel}/messages, AccessKey."""

    def __init__(self, *, base_url: str, workspace_id: str, channel_id: str, access_key: str):
        self.base_url = base_url.rstrip("/")
        self.workspace_id = workspace_id
        self.channel_id = channel_id
        self._access_key = access_key

    def send(self, to: str, text: str) -> Sent:
        workspace = urllib.parse.quote(self.workspace_id, safe="")
        channel = urllib.parse.quote(self.channel_id, safe="")
        url = f"{self.base_url}/workspaces/{workspace}/channels/{channel}/messages"
        body = {
            "receiver": {"contacts": [{"identifierValue": to}]},
            "body": {"type": "text", "text": {"text": text}},
        }
        answer = _post(
            url,
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"AccessKey {self._access_key}",
                "Content-Type": "application/json",
            },
        )
        return Sent(str(answer.get("id", "")))


def adapter_for(provider: str, settings: dict, secrets: dict):
    """The adapter for one channel: `settings` are the plain fields, `secrets` the encrypted ones."""
    base_url = settings.get("base_url") or DEFAULT_BASE_URLS[provider]
    if provider == "twilio":
        return TwilioAdapter(
            base_url=base_url,
            account_sid=settings.get("account_sid", ""),
            auth_token=secrets.get("auth_token", ""),
            from_number=settings.get("from_number", ""),
        )
    if provider == "whatsapp":
        return WhatsAppAdapter(
            base_url=base_url,
            phone_number_id=settings.get("phone_number_id", ""),
            access_token=secrets.get("access_token", ""),
        )
    if provider == "bird":
        return BirdAdapter(
            base_url=base_url,
            workspace_id=settings.get("workspace_id", ""),
            channel_id=settings.get("channel_id", ""),
            access_key=secrets.get("access_key", ""),
        )
    raise ValueError(f"unknown provider {provider!r}")

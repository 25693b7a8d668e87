"""Reading provider webhooks: verify the signature on the raw bytes, then parse.

`verify(provider, channel_settings, secrets, url, headers, body, now)` raises
`Forged` or `Stale`; `inbound(provider, body)` returns the messages in a
verified request or raises `Malformed`. No Django here: the service decides
what happens with the result.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from signaal.decoys import signatures


class Refused(Exception):
    reason = "refused"


class Forged(Refused):
    reason = "forged"


class Stale(Refused):
    reason = "stale"


class Malformed(Refused):
    reason = "malformed"


@dataclass
class Media:
    kind: str
    reference: str  # provider media id or URL: kept encrypted, never fetched
    content_type: str = ""
    provider_sha256: str = ""


@dataclass
class Inbound:
    sender: str
    message_id: str
    text: str
    timestamp: int | None = None
    media: list[Media] = field(default_factory=list)


def _header(headers: dict[str, str], name: str) -> str | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    return lowered.get(name.lower())


def verify(
    provider: str, *, secrets: dict, url: str, headers: dict, body: bytes, now: float
) -> list[str]:
    """Check the signature; return the replay keys of this request (signature and ids)."""
    if provider == "twilio":
        given = _header(headers, "X-Twilio-Signature")
        try:
            params = signatures.form_params(body)
        except UnicodeDecodeError:
            raise Forged("body is not UTF-8") from None
        token = secrets.get("auth_token", "")
        if not token or not signatures.valid(signatures.twilio(url, params, token), given):
            raise Forged("X-Twilio-Signature missing or wrong")
        keys = [f"sig:{hashlib.sha256(given.encode()).hexdigest()}"]
        sid = dict(params).get("MessageSid") or dict(params).get("SmsSid")
        if sid:
            keys.append(f"msg:{sid}")
        return keys
    if provider == "whatsapp":
        given = _header(headers, "X-Hub-Signature-256")
        secret = secrets.get("app_secret", "")
        if not secret or not signatures.valid(signatures.whatsapp(body, secret), given):
            raise Forged("X-Hub-Signature-256 missing or wrong")
        return [f"sig:{hashlib.sha256(given.encode()).hexdigest()}"]
    if provider == "bird":
        given = _header(headers, "MessageBird-Signature")
        timestamp = _header(headers, "MessageBird-Request-Timestamp") or ""
        key = secrets.get("signing_key", "")
        if (
            not key
            or not timestamp
            or not signatures.valid(signatures.bird(timestamp, url, body, key), given)
        ):
            raise Forged("MessageBird-Signature missing or wrong")
        try:
            ts = int(timestamp)
        except ValueError:
            raise Forged("MessageBird-Request-Timestamp is not a number") from None
        if not signatures.fresh(ts, now):
            raise Stale("request timestamp older than five minutes")
        return [f"sig:{hashlib.sha256(given.encode()).hexdigest()}"]
    raise Forged(f"unknown provider {provider!r}")


def _json(body: bytes):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Malformed("body is not JSON") from None


def inbound(provider: str, body: bytes) -> list[Inbound]:
    """The incoming messages of a verified request (delivery receipts give none)."""
    if provider == "twilio":
        params = dict(signatures.form_params(body))
        sender = params.get("From", "")
        sid = params.get("MessageSid") or params.get("SmsSid") or ""
        if not sender or not sid:
            raise Malformed("From or MessageSid missing")
        media = []
        try:
            count = int(params.get("NumMedia", "0") or 0)
        except ValueError:
            raise Malformed("NumMedia is not a number") from None
        for i in range(min(count, 10)):
            media.append(
                Media(
                    kind="twilio-media",
                    reference=params.get(f"MediaUrl{i}", ""),
                    content_type=params.get(f"MediaContentType{i}", ""),
                )
            )
        return [Inbound(sender=sender, message_id=sid, text=params.get("Body", ""), media=media)]
    if provider == "whatsapp":
        data = _json(body)
        found = []
        try:
            for entry in data.get("entry", []):
                for change in entry.get("changes", []):
                    value = change.get("value", {})
                    for message in value.get("messages", []) or []:
                        kind = message.get("type", "")
                        text = ""
                        media = []
                        if kind == "text":
                            text = message["text"]["body"]
                        elif kind in ("image", "video", "audio", "document", "sticker"):
                            item = message.get(kind, {})
                            text = item.get("caption", "")
                            media.append(
                                Media(
                                    kind=f"whatsapp-{kind}",
                                    reference=str(item.get("id", "")),
                                    content_type=item.get("mime_type", ""),
                                    provider_sha256=item.get("sha256", ""),
                                )
                            )
                        found.append(
                            Inbound(
                                sender=str(message["from"]),
                                message_id=str(message["id"]),
                                text=text,
                                timestamp=int(message["timestamp"]),
                                media=media,
                            )
                        )
        except (AttributeError, KeyError, TypeError, ValueError):
            raise Malformed("not a WhatsApp Cloud API messages payload") from None
        return found
    if provider == "bird":
        data = _json(body)
        try:
            if not str(data.get("event", "")).endswith(".inbound"):
                return []
            payload = data["payload"]
            sender = payload["sender"]["contact"]["identifierValue"]
            content = payload.get("body", {})
            kind = content.get("type", "text")
            media = []
            text = ""
            if kind == "text":
                text = content["text"]["text"]
            else:
                for item in (content.get(kind) or {}).get(f"{kind}s", []) or []:
                    media.append(
                        Media(kind=f"bird-{kind}", reference=str(item.get("mediaUrl", "")))
                    )
            return [
                Inbound(sender=str(sender), message_id=str(payload["id"]), text=text, media=media)
            ]
        except (AttributeError, KeyError, TypeError):
            raise Malformed("not a Bird inbound message payload") from None
    raise Malformed(f"unknown provider {provider!r}")


def normalise_number(raw: str) -> str:
    """E.164 for counting: 'whatsapp:+316…' and WhatsApp's '316…' become '+316…'."""
    value = raw.strip().removeprefix("whatsapp:").replace(" ", "")
    if value.isdigit():
        value = "+" + value
    return value

"""Writes for decoys. Each runs in one transaction, checks access first and
writes its audit row; messages leave only after commit (tasks.send_outbound)."""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import string
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from signaal.accounts import access
from signaal.audit import services as audit
from signaal.decoys import adapters, hooks, parsers, signals, signatures, texts, topics
from signaal.decoys.governance import deployment_is_live, use_refused
from signaal.decoys.models import (
    PROVIDERS,
    Approval,
    Channel,
    Contact,
    Conversation,
    ConversationMessage,
    ConversationSelector,
    DailyView,
    Deployment,
    HookRequest,
    OutboundMessage,
    QuarantinedMedia,
    SeenRequest,
)
from signaal.vault import blobs, keys

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_UNPACKED_BYTES = 100 * 1024 * 1024
TOOL = "Signaal conversation import"

# Which channel fields are secret (encrypted) and which are plain settings.
CHANNEL_FIELDS: dict[str, dict[str, list[str]]] = {
    "twilio": {"settings": ["account_sid", "from_number", "base_url"], "secrets": ["auth_token"]},
    "whatsapp": {
        "settings": ["phone_number_id", "base_url"],
        "secrets": ["app_secret", "verify_token", "access_token"],
    },
    "bird": {
        "settings": ["workspace_id", "channel_id", "base_url"],
        "secrets": ["signing_key", "access_key"],
    },
}


# --- authorisation ------------------------------------------------------------


def _new_slug() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(10))


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def deployment_create(
    *,
    kind: str,
    name: str,
    purpose: str,
    legal_basis: str,
    platforms: str,
    content: str,
    starts_at: datetime,
    expires_at: datetime,
    contact_cap: int,
    stop_conditions: str,
    dpia_reference: str,
    police_reference: str = "",
    contact_channels: str = "",
    deterrence_nl: str = "",
    deterrence_en: str = "",
    acknowledgement: str = "",
    operators=(),
    actor,
) -> Deployment:
    """A new authorisation request; it does nothing until two coordinators approve it."""
    access.require(actor, "decoy.manage")
    if kind not in Deployment.Kind.values:
        raise ValidationError({"kind": "Kies lokadvertentie of lokprofiel."})
    errors = {}
    for field, value, message in [
        ("name", name, "Geef de inzet een naam."),
        ("purpose", purpose, "Beschrijf het doel."),
        ("legal_basis", legal_basis, "Vermeld de wettelijke grondslag."),
        ("platforms", platforms, "Noem de platform(s)."),
        ("content", content, "Geef de advertentietekst of de personabeschrijving."),
        ("stop_conditions", stop_conditions, "Beschrijf wanneer de inzet moet stoppen."),
        ("dpia_reference", dpia_reference, "Vermeld de referentie van de DPIA."),
    ]:
        if not (value or "").strip():
            errors[field] = message
    if kind == Deployment.Kind.PROFILE and not (police_reference or "").strip():
        errors["police_reference"] = (
            "Een lokprofiel mag alleen onder gezag van politie of OM: vermeld hun referentie."
        )
    if not starts_at or not expires_at or expires_at <= starts_at:
        errors["expires_at"] = "De einddatum moet na de begindatum liggen."
    if not isinstance(contact_cap, int) or contact_cap < 1:
        errors["contact_cap"] = "Het maximum aantal contacten moet minstens 1 zijn."
    for field, text, purpose_ in [
        ("deterrence_nl", deterrence_nl or texts.DETERRENCE_NL, topics.DETERRENCE),
        ("deterrence_en", deterrence_en or texts.DETERRENCE_EN, topics.DETERRENCE),
        ("acknowledgement", acknowledgement, topics.ACKNOWLEDGEMENT),
    ]:
        try:
            topics.check_outgoing(text, purpose=purpose_)
        except topics.TopicRefused as e:
            errors[field] = str(e)
    if errors:
        raise ValidationError(errors)
    deployment = Deployment.objects.create(
        kind=kind,
        name=name.strip()[:120],
        slug=_new_slug(),
        purpose=purpose.strip(),
        legal_basis=legal_basis.strip(),
        platforms=platforms.strip()[:300],
        content=content.strip(),
        contact_channels=(contact_channels or "").strip()[:300],
        deterrence_nl=(deterrence_nl or "").strip(),
        deterrence_en=(deterrence_en or "").strip(),
        acknowledgement=(acknowledgement or "").strip()[:300],
        starts_at=starts_at,
        expires_at=expires_at,
        contact_cap=contact_cap,
        stop_conditions=stop_conditions.strip(),
        dpia_reference=dpia_reference.strip()[:200],
        police_reference=(police_reference or "").strip()[:200],
        created_by=actor,
    )
    if operators:
        deployment.operators.set(operators)
    audit.record(
        actor=actor,
        action="decoy.create",
        obj=deployment,
        details={
            "kind": kind,
            "starts_at": starts_at,
            "expires_at": expires_at,
            "cap": contact_cap,
        },
    )
    return deployment


@transaction.atomic
def deployment_approve(*, deployment: Deployment, actor) -> Approval:
    """One coordinator's approval; the second different coordinator's makes it approved."""
    access.require(actor, "decoy.approve")
    given, deployment = deployment, Deployment.objects.select_for_update().get(pk=deployment.pk)
    if deployment.stopped_at:
        raise ValidationError("Deze inzet is gestopt en kan niet meer worden goedgekeurd.")
    if deployment.approvals.filter(approver=actor).exists():
        raise ValidationError(
            "Je hebt deze inzet al goedgekeurd; een tweede, andere coördinator moet goedkeuren."
        )
    approval = Approval.objects.create(deployment=deployment, approver=actor)
    count = deployment.approvals.count()
    if count >= 2 and deployment.approved_at is None:
        deployment.approved_at = timezone.now()
        deployment.save(update_fields=["approved_at"])
    audit.record(actor=actor, action="decoy.approve", obj=deployment, details={"approvals": count})
    given.approved_at = deployment.approved_at
    return approval


@transaction.atomic
def deployment_stop(*, deployment: Deployment, reason: str, actor) -> Deployment:
    """The kill switch: from this moment the deployment does nothing, for good."""
    access.require(actor, "decoy.manage")
    deployment = Deployment.objects.select_for_update().get(pk=deployment.pk)
    if deployment.stopped_at:
        raise ValidationError("Deze inzet is al gestopt.")
    deployment.stopped_at = timezone.now()
    deployment.stopped_by = actor
    deployment.stop_reason = (reason or "").strip()[:500]
    deployment.save(update_fields=["stopped_at", "stopped_by", "stop_reason"])
    # Anything still waiting to be sent stays unsent.
    OutboundMessage.objects.filter(
        deployment=deployment, status=OutboundMessage.Status.QUEUED
    ).update(status=OutboundMessage.Status.REFUSED, error="stopped", recipient="")
    audit.record(
        actor=actor, action="decoy.stop", obj=deployment, details={"reason": deployment.stop_reason}
    )
    return deployment


@transaction.atomic
def channel_set(*, deployment: Deployment, provider: str, values: dict, actor) -> Channel:
    """Provider account settings for a decoy ad; an empty secret keeps the stored one."""
    access.require(actor, "decoy.manage")
    if deployment.kind != Deployment.Kind.AD:
        raise ValidationError("Alleen een lokadvertentie heeft een antwoordkanaal.")
    if provider not in PROVIDERS:
        raise ValidationError({"provider": "Onbekende provider."})
    fields = CHANNEL_FIELDS[provider]
    channel, _ = Channel.objects.get_or_create(deployment=deployment, provider=provider)
    stored = json.loads(channel.secrets or "{}")
    changed = []
    for name in fields["settings"]:
        value = (values.get(name) or "").strip()
        if name == "base_url" and value and not value.startswith(("https://", "http://")):
            raise ValidationError({"base_url": "Het API-adres moet met https:// beginnen."})
        if channel.settings.get(name, "") != value:
            changed.append(name)
        channel.settings[name] = value
    for name in fields["secrets"]:
        value = (values.get(name) or "").strip()
        if value:
            if stored.get(name) != value:
                changed.append(name)
            stored[name] = value
    channel.secrets = json.dumps(stored)
    channel.updated_at = timezone.now()
    channel.save()
    # Names of the changed fields only: secrets never reach the audit log.
    audit.record(
        actor=actor,
        action="decoy.channel_set",
        obj=deployment,
        details={"provider": provider, "changed": sorted(changed)},
    )
    return channel


def channel_secrets(channel: Channel) -> dict:
    return json.loads(channel.secrets or "{}")


# --- landing page -----------------------------------------------------------


@transaction.atomic
def landing_view(*, deployment: Deployment, now: datetime | None = None) -> bool:
    """Count one view of a live deployment's landing page; False (and an audit event) if not live."""
    now = now or timezone.now()
    if deployment.kind != Deployment.Kind.AD:
        return False
    live, reason = deployment_is_live(deployment, now)
    if not live:
        use_refused(deployment, use="landing", reason=reason)
        return False
    day = timezone.localdate(now)
    if not DailyView.objects.filter(deployment=deployment, day=day).update(views=F("views") + 1):
        try:
            with transaction.atomic():
                DailyView.objects.create(deployment=deployment, day=day, views=1)
        except IntegrityError:
            DailyView.objects.filter(deployment=deployment, day=day).update(views=F("views") + 1)
    return True


# --- webhooks -------------------------------------------------------------------


@dataclass(frozen=True)
class HookResponse:
    status: int
    body: str = ""
    content_type: str = "text/plain"


TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _ok(provider: str) -> HookResponse:
    if provider == "twilio":
        return HookResponse(200, TWIML_EMPTY, "text/xml")
    return HookResponse(200, "ok")


def _find_channel(provider: str, slug: str) -> Channel | None:
    if provider not in PROVIDERS:
        return None
    return (
        Channel.objects.select_related("deployment")
        .filter(provider=provider, deployment__slug=slug, deployment__kind=Deployment.Kind.AD)
        .first()
    )


@transaction.atomic
def hook_verify_subscription(*, provider: str, slug: str, params: dict) -> HookResponse:
    """WhatsApp's GET handshake: echo hub.challenge when hub.verify_token matches."""
    channel = _find_channel(provider, slug)
    if channel is None or provider != "whatsapp":
        return HookResponse(404, "")
    expected = channel_secrets(channel).get("verify_token", "")
    given = params.get("hub.verify_token", "")
    import hmac

    if (
        params.get("hub.mode") != "subscribe"
        or not expected
        or not hmac.compare_digest(expected.encode(), given.encode())
    ):
        audit.record(
            actor=None,
            action="decoy.hook_refused",
            obj=channel.deployment,
            details={"provider": provider, "reason": "verify_token"},
        )
        return HookResponse(403, "")
    audit.record(
        actor=None,
        action="decoy.hook_subscribed",
        obj=channel.deployment,
        details={"provider": provider},
    )
    return HookResponse(200, params.get("hub.challenge", ""))


def _evidence_envelope(*, method: str, url: str, headers: dict, body: bytes) -> bytes:
    """The raw request as kept: the headers that matter and the body byte for byte (base64)."""
    import base64

    kept = {
        k: v
        for k, v in headers.items()
        if k.lower()
        in {
            "content-type",
            "user-agent",
            "x-twilio-signature",
            "x-hub-signature-256",
            "messagebird-signature",
            "messagebird-signature-jwt",
            "messagebird-request-timestamp",
            "i-twilio-idempotency-token",
        }
    }
    envelope = {
        "method": method,
        "url": url,
        "headers": kept,
        "body_base64": base64.b64encode(body).decode(),
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "received_at": timezone.now().isoformat(),
    }
    return json.dumps(envelope, sort_keys=True, indent=1).encode()


def _refuse(channel: Channel, provider: str, action: str, reason: str) -> HookResponse:
    audit.record(
        actor=None,
        action=action,
        obj=channel.deployment,
        details={"provider": provider, "reason": reason},
    )
    return HookResponse(403, "")


def _mark_seen(provider: str, replay_keys: list[str]) -> bool:
    """Remember the keys; False when one was seen before (a replay)."""
    replay_keys = list(dict.fromkeys(k[:200] for k in replay_keys))
    if SeenRequest.objects.filter(provider=provider, key__in=replay_keys).exists():
        return False
    try:
        with transaction.atomic():
            SeenRequest.objects.bulk_create(
                [SeenRequest(provider=provider, key=k) for k in replay_keys]
            )
    except IntegrityError:
        return False
    return True


def _raise_topics(contact: Contact, who: str, text: str, at: datetime) -> None:
    for topic in sorted(topics.topics_in(text)):
        contact.first_raised.setdefault(topic, {"by": who, "at": at.isoformat()})


@transaction.atomic
def hook_receive(
    *, provider: str, slug: str, method: str, url: str, headers: dict, body: bytes
) -> HookResponse:
    """A provider's webhook: verify, refuse forgeries and replays (403 + audit), keep
    the raw request as evidence, count the contact and queue the deterrence reply."""
    channel = _find_channel(provider, slug)
    if channel is None:
        return HookResponse(404, "")
    deployment = channel.deployment
    now = timezone.now()
    try:
        replay_keys = hooks.verify(
            provider,
            secrets=channel_secrets(channel),
            url=url,
            headers=headers,
            body=body,
            now=time.time(),
        )
    except hooks.Stale as e:
        return _refuse(channel, provider, "decoy.hook_replayed", str(e))
    except hooks.Forged as e:
        return _refuse(channel, provider, "decoy.hook_forged", str(e))
    try:
        messages = hooks.inbound(provider, body)
    except hooks.Malformed as e:
        audit.record(
            actor=None,
            action="decoy.hook_malformed",
            obj=deployment,
            details={"provider": provider, "reason": str(e)},
        )
        return HookResponse(400, "")
    for message in messages:
        if message.timestamp is not None and not signatures.fresh(message.timestamp, time.time()):
            return _refuse(
                channel, provider, "decoy.hook_replayed", "message older than five minutes"
            )
    replay_keys += [f"msg:{m.message_id}" for m in messages]
    if not _mark_seen(provider, replay_keys):
        return _refuse(
            channel, provider, "decoy.hook_replayed", "message id or signature seen before"
        )
    if not messages:
        return _ok(provider)  # a delivery receipt or another event: nothing to answer
    # One request per deployment at a time: the contact cap and "one warning" hold under load.
    deployment = Deployment.objects.select_for_update().get(pk=deployment.pk)
    live, reason = deployment_is_live(deployment, now)
    if not live:
        use_refused(deployment, use="webhook", reason=reason, provider=provider)
        return _ok(provider)

    blob = blobs.put_bytes(_evidence_envelope(method=method, url=url, headers=headers, body=body))
    queued: list[int] = []
    for message in messages:
        number = hooks.normalise_number(message.sender)
        digest = keys.digest("decoy-contact", f"{deployment.pk}:{number}")
        contact = (
            Contact.objects.select_for_update().filter(deployment=deployment, digest=digest).first()
        )
        new = contact is None
        if new:
            live, reason = deployment_is_live(deployment, now)
            if not live:
                use_refused(deployment, use="webhook", reason=reason, provider=provider)
                continue
            contact = Contact.objects.create(
                deployment=deployment, digest=digest, provider=provider, first_at=now
            )
        HookRequest.objects.create(
            deployment=deployment,
            contact=contact,
            provider=provider,
            blob=blob,
            sha256=blob.sha256,
            body_sha256=hashlib.sha256(body).hexdigest(),
        )
        contact.messages_in += 1
        contact.last_at = now
        _raise_topics(contact, "counterpart", message.text, now)
        for media in message.media:
            QuarantinedMedia.objects.create(
                deployment=deployment,
                contact=contact,
                sha256=media.provider_sha256[:128],
                source=f"{provider} webhook: {media.kind} {media.content_type}".strip()[:300],
                reference=media.reference,
            )
        replies = []
        if contact.warned_at is None:
            if deployment.acknowledgement:
                replies.append(
                    (OutboundMessage.Purpose.ACKNOWLEDGEMENT, deployment.acknowledgement)
                )
            replies.append(
                (OutboundMessage.Purpose.DETERRENCE, texts.deterrence_message(deployment))
            )
            contact.warned_at = now
            _raise_topics(contact, "deterrence", replies[-1][1], now)
        contact.save()
        for purpose, text in replies:
            queued.append(
                OutboundMessage.objects.create(
                    deployment=deployment,
                    contact=contact,
                    channel=channel,
                    purpose=purpose,
                    text=text,
                    recipient=number,
                ).pk
            )
        audit.record(
            actor=None,
            action="decoy.contact",
            obj=deployment,
            details={
                "provider": provider,
                "contact": contact.pk,
                "first": new,
                "replies": len(replies),
                "evidence_sha256": blob.sha256,
                "media": len(message.media),
            },
        )
    if queued:
        from signaal.decoys import tasks

        transaction.on_commit(lambda: tasks.send_outbound(queued))
    return _ok(provider)


def outbound_send(*, message_id: int) -> OutboundMessage:
    """Send one queued message through its channel's adapter, after the gates:
    the deployment must be live and the text must pass the passive rule."""
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update()
            .select_related("deployment", "channel")
            .get(pk=message_id)
        )
        if message.status != OutboundMessage.Status.QUEUED:
            return message
        deployment = message.deployment
        live, reason = deployment_is_live(deployment, timezone.now())
        # The cap refuses new contacts; this contact was admitted below it (perhaps as the last).
        live = live or reason == "capped"
        refusal = None
        if not live:
            use_refused(deployment, use="send", reason=reason, message=message.pk)
            refusal = reason
        else:
            try:
                topics.check_outgoing(message.text, purpose=message.purpose)
            except topics.TopicRefused as e:
                audit.record(
                    actor=None,
                    action="decoy.send_refused_topic",
                    obj=deployment,
                    details={"message": message.pk, "topics": e.topics, "purpose": e.purpose},
                )
                refusal = "topic"
        if refusal:
            message.status = OutboundMessage.Status.REFUSED
            message.error = refusal
            message.recipient = ""
            message.save(update_fields=["status", "error", "recipient"])
            return message
        recipient = message.recipient
        adapter = adapters.adapter_for(
            message.channel.provider, message.channel.settings, channel_secrets(message.channel)
        )
    try:
        sent = adapter.send(recipient, message.text)
    except adapters.AdapterError as e:
        with transaction.atomic():
            message.status = OutboundMessage.Status.FAILED
            message.error = str(e)[:300]
            message.save(update_fields=["status", "error"])
            audit.record(
                actor=None,
                action="decoy.send_failed",
                obj=message.deployment,
                details={"message": message.pk, "error": message.error},
            )
        return message
    with transaction.atomic():
        message.status = OutboundMessage.Status.SENT
        message.sent_at = timezone.now()
        message.provider_message_id = sent.provider_message_id[:200]
        message.recipient = ""
        message.save(update_fields=["status", "sent_at", "provider_message_id", "recipient"])
        audit.record(
            actor=None,
            action="decoy.message_sent",
            obj=message.deployment,
            details={
                "message": message.pk,
                "purpose": message.purpose,
                "contact": message.contact_id,
            },
        )
    return message


# --- decoy profiles: conversations ----------------------------------------------


def _require_profile_access(actor, deployment: Deployment, permission: str) -> None:
    from signaal.decoys.queries import deployments_visible_to

    access.require(actor, permission)
    if deployment.kind != Deployment.Kind.PROFILE:
        raise PermissionDenied("not a decoy profile")
    if not deployments_visible_to(actor).filter(pk=deployment.pk).exists():
        raise PermissionDenied("decoy profile not visible")


@dataclass
class _Unpacked:
    chat: bytes
    chat_name: str
    media: list[tuple[str, bytes]]


def _unpack(data: bytes, filename: str) -> _Unpacked:
    """A WhatsApp export with media is a ZIP: the chat file plus the media files."""
    if not data.startswith(b"PK"):
        return _Unpacked(data, filename, [])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile:
        raise ValidationError({"file": "Het ZIP-bestand is beschadigd."}) from None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_UNPACKED_BYTES:
        raise ValidationError({"file": "Het ZIP-bestand is uitgepakt te groot (maximaal 100 MB)."})
    chats = [m for m in members if m.filename.lower().endswith((".txt", ".json"))]
    if len(chats) != 1:
        raise ValidationError(
            {"file": "Het ZIP-bestand moet precies één gesprek (.txt of .json) bevatten."}
        )
    try:
        chat = archive.read(chats[0])
        media = [(m.filename, archive.read(m)) for m in members if m is not chats[0]]
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        raise ValidationError({"file": "Het ZIP-bestand is beschadigd."}) from None
    return _Unpacked(chat, chats[0].filename, media)


def _same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def conversation_import(
    *,
    deployment: Deployment,
    filename: str,
    data: bytes,
    decoy_name: str,
    tz: str = "Europe/Amsterdam",
    actor,
) -> Conversation:
    """Import a chat export of a decoy profile: the original unchanged in the vault,
    every message with its signals and topics, every unreadable line reported.
    All or nothing: any error leaves no conversation behind. A profile that was
    never approved refuses, and the refusal is an audit event that stays."""
    _require_profile_access(actor, deployment, "decoy.import")
    deployment = Deployment.objects.get(pk=deployment.pk)
    if deployment.approved_at is None:
        with transaction.atomic():
            use_refused(deployment, use="import", reason="not_approved", actor=actor)
        raise ValidationError("Deze inzet is nooit goedgekeurd: er kan geen gesprek bij horen.")
    return _conversation_import(
        deployment=deployment,
        filename=filename,
        data=data,
        decoy_name=decoy_name,
        tz=tz,
        actor=actor,
    )


@transaction.atomic
def _conversation_import(*, deployment, filename, data, decoy_name, tz, actor) -> Conversation:
    from signaal.analysis.selectors import extract_selectors

    if not data:
        raise ValidationError({"file": "Het bestand is leeg."})
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": "Het bestand is groter dan 20 MB."})
    decoy_name = (decoy_name or "").strip()
    if not decoy_name:
        raise ValidationError(
            {"decoy_name": "Vul de naam in die het lokprofiel in het gesprek had."}
        )
    unpacked = _unpack(data, filename)
    try:
        result = parsers.parse_export(unpacked.chat, unpacked.chat_name, tz=tz)
    except parsers.UnreadableExport as e:
        raise ValidationError({"file": str(e)}) from None
    if not result.messages:
        raise ValidationError({"file": "Er staat geen enkel leesbaar bericht in dit bestand."})
    senders = result.senders
    if not any(_same_name(s, decoy_name) for s in senders):
        raise ValidationError(
            {
                "decoy_name": f"'{decoy_name}' komt niet voor als afzender. "
                f"Afzenders in dit bestand: {', '.join(senders)}."
            }
        )

    blob = blobs.put_bytes(data)
    period_end = min(filter(None, [deployment.expires_at, deployment.stopped_at]))
    ordered = sorted(result.messages, key=lambda m: m.at)
    who = ["decoy" if _same_name(m.sender, decoy_name) else "counterpart" for m in ordered]
    first = topics.first_raised(zip(who, (m.text for m in ordered), strict=True))
    outside = [i for i, m in enumerate(ordered) if m.at < deployment.starts_at or m.at > period_end]
    counterparts: dict[str, None] = {}
    for m, w in zip(ordered, who, strict=True):
        if w == "counterpart":
            counterparts.setdefault(m.sender, None)
            if m.sender_id:
                counterparts.setdefault(f"{result.format}:{m.sender_id}", None)
    conversation = Conversation.objects.create(
        deployment=deployment,
        blob=blob,
        sha256=blob.sha256,
        size=blob.size,
        filename=(filename or "export").replace("/", "_")[:200],
        format=result.format,
        parser_version=result.parser_version,
        rules_version=signals.rules_version(),
        decoy_name=decoy_name,
        title=result.title,
        counterparts=json.dumps(list(counterparts), ensure_ascii=False),
        problems=json.dumps([p.to_dict() for p in result.problems], ensure_ascii=False),
        system_lines=json.dumps([s.to_dict() for s in result.system], ensure_ascii=False),
        problem_count=len(result.problems),
        first_raised=first,
        outside_period=outside,
        imported_by=actor,
    )
    ConversationMessage.objects.bulk_create(
        [
            ConversationMessage(
                conversation=conversation,
                index=i,
                at=m.at,
                sender=m.sender,
                from_decoy=w == "decoy",
                text=m.text,
                attachments=json.dumps(m.attachments, ensure_ascii=False),
                line=m.line,
                signals=signals.signals_in(m.text) if w == "counterpart" else [],
                topics=sorted(topics.topics_in(m.text)),
            )
            for i, (m, w) in enumerate(zip(ordered, who, strict=True))
        ]
    )
    digests = set()
    for m, w in zip(ordered, who, strict=True):
        if w != "counterpart":
            continue
        for selector in extract_selectors(m.text):
            digest = keys.digest("selector", f"{selector.kind}:{selector.value}")
            if digest not in digests:
                digests.add(digest)
                ConversationSelector.objects.create(
                    conversation=conversation,
                    kind=selector.kind,
                    value=selector.value,
                    digest=digest,
                )
    media_bytes = {name.rsplit("/", 1)[-1]: content for name, content in unpacked.media}
    for m, w in zip(ordered, who, strict=True):
        for name in m.attachments:
            content = media_bytes.pop(name.rsplit("/", 1)[-1], None)
            _quarantine(conversation, name, content, f"import, regel {m.line} ({w})")
    for name, content in media_bytes.items():
        _quarantine(conversation, name, content, "import, in ZIP zonder bericht")
    audit.record(
        actor=actor,
        action="decoy.conversation_import",
        obj=deployment,
        details={
            "conversation": conversation.pk,
            "sha256": conversation.sha256,
            "format": result.format,
            "parser_version": result.parser_version,
            "messages": len(ordered),
            "problems": len(result.problems),
            "outside_period": len(outside),
        },
    )
    by_decoy = sorted(t for t, v in first.items() if v["by"] == "decoy")
    if by_decoy:
        audit.record(
            actor=actor,
            action="decoy.topic_raised_by_decoy",
            obj=deployment,
            details={"conversation": conversation.pk, "topics": by_decoy},
        )
    return conversation


def _quarantine(conversation: Conversation, name: str, content: bytes | None, where: str) -> None:
    blob = blobs.put_bytes(content) if content else None
    QuarantinedMedia.objects.create(
        deployment=conversation.deployment,
        conversation=conversation,
        sha256=blob.sha256 if blob else "",
        size=blob.size if blob else None,
        blob=blob,
        source=f"{where}: {'ontvangen' if blob else 'alleen de naam in de export'}"[:300],
        reference=name,
    )


@transaction.atomic
def evidence_add_conversation(*, conversation: Conversation, case, actor):
    """The original export as an exhibit of `case` (kind CONVERSATION, custody 'acquired'),
    and the counterpart's selectors as case selectors."""
    from signaal.cases import services as case_services
    from signaal.cases.models import CustodyEvent, EvidenceItem

    case_services._require_case_access(actor, case, "case.work")
    _require_profile_access(actor, conversation.deployment, "decoy.view")
    if EvidenceItem.objects.filter(
        case=case, source_ref=f"conversation:{conversation.pk}"
    ).exists():
        raise ValidationError("Dit gesprek is al een bewijsstuk in deze zaak.")
    deployment = conversation.deployment
    item = EvidenceItem.objects.create(
        case=case,
        exhibit_number=case_services._next_exhibit(case),
        kind=EvidenceItem.Kind.CONVERSATION,
        blob=conversation.blob,
        sha256=conversation.sha256,
        size=conversation.size,
        filename=conversation.filename,
        content_type="application/zip"
        if conversation.filename.lower().endswith(".zip")
        else "application/json"
        if conversation.format in ("telegram", "meta")
        else "text/plain",
        description=f"Gesprek lokprofiel {deployment.name} ({conversation.format})"[:500],
        source=f"Lokprofiel {deployment.name}, politie/OM-referentie {deployment.police_reference}"[
            :500
        ],
        source_ref=f"conversation:{conversation.pk}",
        acquired_by=actor,
        tool=TOOL,
        tool_version=case_services.tool_version(),
    )
    case_services._custody(
        item,
        CustodyEvent.Action.ACQUIRED,
        actor,
        source=item.source,
        parser_version=conversation.parser_version,
        imported_at=conversation.imported_at.isoformat(),
    )
    for selector in conversation.selectors.all():
        case_services._selector_add(case, selector.kind, selector.value, selector.digest)
    audit.record(
        actor=actor,
        action="decoy.conversation_to_case",
        obj=deployment,
        details={"conversation": conversation.pk, "case": case.pk, "exhibit": item.exhibit_number},
    )
    return item


@transaction.atomic
def media_refer(*, media: QuarantinedMedia, reference: str, actor) -> QuarantinedMedia:
    """Mark quarantined media as referred to the police (the bytes are never shown here)."""
    from signaal.decoys.queries import deployments_visible_to

    access.require(actor, "decoy.manage")
    if not deployments_visible_to(actor).filter(pk=media.deployment_id).exists():
        raise PermissionDenied("not visible")
    if media.referred:
        raise ValidationError("Dit bestand is al doorverwezen.")
    media.referred = True
    media.referred_at = timezone.now()
    media.referred_by = actor
    media.referral_reference = (reference or "").strip()[:200]
    media.save(update_fields=["referred", "referred_at", "referred_by", "referral_reference"])
    audit.record(
        actor=actor,
        action="decoy.media_refer",
        obj=media.deployment,
        details={"media": media.pk, "sha256": media.sha256, "reference": media.referral_reference},
    )
    return media

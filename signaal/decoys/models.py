"""Decoys: authorised deployments (decoy ads and decoy profiles) and what they record.

Nothing here stores a phone number in clear: contacts are keyed digests;
the raw webhook requests (which do hold the number) are encrypted blobs.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaal.vault.fields import EncryptedTextField
from signaal.vault.models import Blob

PROVIDERS = ("twilio", "whatsapp", "bird")


class Deployment(models.Model):
    """One authorisation: what may be deployed, where, how long, within which limits."""

    class Kind(models.TextChoices):
        AD = "ad", _("Lokadvertentie")
        PROFILE = "profile", _("Lokprofiel")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=40, unique=True)
    purpose = models.TextField()
    legal_basis = models.TextField()
    platforms = models.CharField(max_length=300)
    # The ad text, or for a profile the persona description (no images, ever).
    content = models.TextField()
    contact_channels = models.CharField(max_length=300, blank=True)
    deterrence_nl = models.TextField(blank=True)
    deterrence_en = models.TextField(blank=True)
    acknowledgement = models.CharField(max_length=300, blank=True)
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    contact_cap = models.PositiveIntegerField()
    stop_conditions = models.TextField()
    dpia_reference = models.CharField(max_length=200)
    police_reference = models.CharField(max_length=200, blank=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="decoy_profiles"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stop_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("decoys:detail", args=[self.pk])


class Approval(models.Model):
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deployment", "approver"], name="one_approval_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"approval of {self.deployment_id} by {self.approver_id}"


class Channel(models.Model):
    """A provider account a decoy ad answers through; secrets encrypted at rest."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="channels")
    provider = models.CharField(max_length=20, choices=[(p, p) for p in PROVIDERS])
    # Plain settings: account SID, from number, phone number id, workspace/channel id, base URL.
    settings = models.JSONField(default=dict, blank=True)
    # JSON of the secrets: auth token, app secret, verify token, access token, signing key.
    secrets = EncryptedTextField(default="{}")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deployment", "provider"], name="one_channel_per_provider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} for {self.deployment.slug}"


class Contact(models.Model):
    """Someone who wrote to a decoy ad, known only by a keyed digest of their number."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="contacts")
    digest = models.CharField(max_length=64)
    provider = models.CharField(max_length=20)
    first_at = models.DateTimeField(default=timezone.now)
    last_at = models.DateTimeField(default=timezone.now)
    messages_in = models.PositiveIntegerField(default=0)
    warned_at = models.DateTimeField(null=True, blank=True)
    # topic -> {"by": "counterpart"|"deterrence"|"decoy", "at": iso}
    first_raised = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-first_at"]
        constraints = [
            models.UniqueConstraint(fields=["deployment", "digest"], name="one_contact_per_number")
        ]

    def __str__(self) -> str:
        return f"contact {self.pk} of {self.deployment_id}"


class SeenRequest(models.Model):
    """Message ids and signatures already accepted: a second arrival is a replay."""

    provider = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "key"], name="seen_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.key}"


class HookRequest(models.Model):
    """An accepted webhook request, kept unchanged (encrypted) as evidence."""

    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, related_name="hook_requests"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    provider = models.CharField(max_length=20)
    received_at = models.DateTimeField(default=timezone.now)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    body_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.provider} request {self.sha256[:12]}"


class OutboundMessage(models.Model):
    class Purpose(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Bevestiging")
        DETERRENCE = "deterrence", _("Waarschuwing")

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")
        REFUSED = "refused", _("Geweigerd")

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="outbound")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="outbound")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    text = models.TextField()
    # Where to send: encrypted, and cleared once sent.
    recipient = EncryptedTextField(default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    provider_message_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.purpose} to contact {self.contact_id}"


class DailyView(models.Model):
    """Landing-page views per deployment per day: a counter, nothing about the visitor."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["deployment", "day"], name="one_counter_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.deployment_id} {self.day}: {self.views}"


class Conversation(models.Model):
    """An imported chat export of a decoy profile: the original unchanged in the vault."""

    deployment = models.ForeignKey(
        Deployment, on_delete=models.PROTECT, related_name="conversations"
    )
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    filename = models.CharField(max_length=200)
    format = models.CharField(max_length=20)
    parser_version = models.CharField(max_length=40)
    rules_version = models.PositiveIntegerField(default=1)
    decoy_name = EncryptedTextField()
    title = EncryptedTextField(default="")
    # JSON lists: counterpart names/ids; problems [{line, reason, text}]; system lines [{line, text}].
    counterparts = EncryptedTextField(default="[]")
    problems = EncryptedTextField(default="[]")
    system_lines = EncryptedTextField(default="[]")
    problem_count = models.PositiveIntegerField(default=0)
    # Per topic who raised it first: {"age": {"by": "counterpart", "index": 3}}.
    first_raised = models.JSONField(default=dict, blank=True)
    # Messages outside the authorised period: [index, ...].
    outside_period = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"conversation {self.sha256[:12]}"

    def get_absolute_url(self) -> str:
        return reverse("decoys:conversation", args=[self.pk])


class ConversationMessage(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    index = models.PositiveIntegerField()
    at = models.DateTimeField()
    sender = EncryptedTextField()
    from_decoy = models.BooleanField()
    text = EncryptedTextField()
    attachments = EncryptedTextField(default="[]")
    line = models.PositiveIntegerField()
    signals = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["index"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "index"], name="one_message_per_index")
        ]

    def __str__(self) -> str:
        return f"message {self.index} of {self.conversation_id}"


class ConversationSelector(models.Model):
    """A phone number, e-mail, handle or URL the counterpart used; matched by keyed digest."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="selectors"
    )
    kind = models.CharField(max_length=10)
    value = EncryptedTextField()
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "digest"], name="one_selector_per_conversation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} in {self.conversation_id}"


class QuarantinedMedia(models.Model):
    """Media received in a decoy channel: hashed, never shown, to be referred to the police."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="media")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="media"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="media"
    )
    # SHA-256 of the bytes when they were received; else the provider's hash, or empty.
    sha256 = models.CharField(max_length=128, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300)
    reference = EncryptedTextField(default="")
    blob = models.ForeignKey(
        Blob, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    referred = models.BooleanField(default=False)
    referred_at = models.DateTimeField(null=True, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_reference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["referred", "-received_at"]

    def __str__(self) -> str:
        return f"media {self.sha256[:12] or self.pk}"

"""The Meldpunt's records. Everything a reporter wrote or sent is encrypted at rest."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaal.vault.fields import EncryptedTextField
from signaal.vault.models import Blob

ACKNOWLEDGE_WITHIN = timedelta(days=7)
FEEDBACK_WITHIN = timedelta(days=90)


class Label(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Nieuw")
        SCREENING = "screening", _("In screening")
        CLOSED = "closed", _("Gesloten zonder actie")
        REFERRED = "referred", _("Doorverwezen")
        CASE_OPENED = "case_opened", _("Zaak geopend")

    class Source(models.TextChoices):
        WEB = "web", _("Webformulier")
        PHONE = "phone", _("Telefoon")
        EMAIL = "email", _("E-mail")
        OTHER = "other", _("Anders")

    class ReporterRole(models.TextChoices):
        SELF = "self", _("Het gaat over mijzelf")
        CLOSE = "close", _("Iemand die ik ken")
        PROFESSIONAL = "professional", _("Ik meld vanuit mijn werk")
        OTHER = "other", _("Anders")

    reference = models.CharField(max_length=20, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    reporter_role = models.CharField(max_length=20, choices=ReporterRole.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    danger_now = models.BooleanField(default=False)
    possible_minor = models.BooleanField(default=False)

    # What the reporter wrote: encrypted.
    what_happened = EncryptedTextField()
    where_online = EncryptedTextField(blank=True, default="")
    when_happened = EncryptedTextField(blank=True, default="")
    contact_name = EncryptedTextField(blank=True, default="")
    contact_email = EncryptedTextField(blank=True, default="")
    contact_phone = EncryptedTextField(blank=True, default="")

    # Receipt code: a keyed digest to find the report, an argon2 hash to check it.
    receipt_lookup = models.CharField(max_length=64, unique=True)
    receipt_hash = models.CharField(max_length=200, blank=True)
    # Keyed digest of the form's one-time token, so a resubmitted form finds this report.
    submission_digest = models.CharField(max_length=64, unique=True)

    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    labels = models.ManyToManyField(Label, blank=True, related_name="reports")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    legal_hold = models.BooleanField(default=False)
    shredded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_urgent(self) -> bool:
        return self.danger_now or self.possible_minor

    @property
    def acknowledge_due(self):
        return self.created_at + ACKNOWLEDGE_WITHIN

    @property
    def feedback_due(self):
        return self.created_at + FEEDBACK_WITHIN

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.SCREENING)


class ReportMessage(models.Model):
    """A message between the reporter and staff; the reporter sees all of these."""

    class Direction(models.TextChoices):
        FROM_REPORTER = "in", _("Van melder")
        TO_REPORTER = "out", _("Aan melder")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    created_at = models.DateTimeField(default=timezone.now)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = EncryptedTextField()
    read_by_staff_at = models.DateTimeField(null=True, blank=True)
    # Keyed digest of the follow-up form's one-time token: a double click stores one message.
    submission_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_digest"],
                condition=~models.Q(submission_digest=""),
                name="one_message_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.direction} {self.created_at:%Y-%m-%d}"


class ReportNote(models.Model):
    """An internal note: staff only, never shown to the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note on {self.report}"


class Attachment(models.Model):
    """A file a reporter sent: encrypted in the vault, never shown inline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    blob = models.OneToOneField(Blob, on_delete=models.PROTECT, related_name="+")
    filename = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"attachment {self.sha256[:12]} on {self.report}"


class ReportSelector(models.Model):
    """A phone number, e-mail address, handle or URL found in a report.

    The value is encrypted; `digest` (keyed HMAC of kind and canonical value)
    lets later features find the same selector elsewhere without plaintext.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="selectors")
    kind = models.CharField(max_length=10)
    value = EncryptedTextField()
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "digest"], name="one_selector_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.report}"

"""Cases: investigations built from reports and crawled leads, ending in a handover."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaal.vault.fields import EncryptedTextField
from signaal.vault.models import Blob


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        INVESTIGATING = "investigating", _("In onderzoek")
        READY = "ready", _("Klaar voor overdracht")
        HANDED_OVER = "handed_over", _("Overgedragen")
        CLOSED = "closed", _("Gesloten")

    class ClosingReason(models.TextChoices):
        HANDED_OVER = "handed_over", _("Overgedragen aan de politie")
        INSUFFICIENT = "insufficient", _("Onvoldoende aanknopingspunten")
        REFERRED = "referred", _("Doorverwezen naar hulp")
        DUPLICATE = "duplicate", _("Dubbel")

    class Priority(models.IntegerChoices):
        URGENT = 1, _("Urgent")
        HIGH = 2, _("Hoog")
        NORMAL = 3, _("Normaal")
        LOW = 4, _("Laag")

    class Sharing(models.TextChoices):
        # Traffic Light Protocol 2.0
        RED = "red", "TLP:RED"
        AMBER_STRICT = "amber_strict", "TLP:AMBER+STRICT"
        AMBER = "amber", "TLP:AMBER"
        GREEN = "green", "TLP:GREEN"
        CLEAR = "clear", "TLP:CLEAR"

    number = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    summary = EncryptedTextField(blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    closing_reason = models.CharField(max_length=20, choices=ClosingReason.choices, blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    sharing = models.CharField(max_length=20, choices=Sharing.choices, default=Sharing.AMBER)
    labels = models.JSONField(default=list, blank=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cases"
    )
    reports = models.ManyToManyField("intake.Report", blank=True, related_name="cases")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["priority", "-opened_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])


class CaseTask(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", _("Te doen")
        DOING = "doing", _("Bezig")
        DONE = "done", _("Klaar")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TODO)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note on {self.case.number}"


class EvidenceItem(models.Model):
    """One exhibit: stored unchanged in the vault, hashed, with its chain of custody."""

    class Kind(models.TextChoices):
        REPORT_ATTACHMENT = "report_attachment", _("Bijlage bij melding")
        UPLOAD = "upload", _("Upload")
        CRAWLED_AD = "crawled_ad", _("Gecrawlde advertentie")
        WEB_CAPTURE = "web_capture", _("Webcapture")
        CONVERSATION = "conversation", _("Geïmporteerd gesprek")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    exhibit_number = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=500, help_text="Where it came from: URL, report, upload")
    # "ad:<pk>", "attachment:<pk>", ...: the record it was taken from.
    source_ref = models.CharField(max_length=64, blank=True)
    acquired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acquired_at = models.DateTimeField(default=timezone.now)
    tool = models.CharField(max_length=100)
    tool_version = models.CharField(max_length=40)
    # Analysis at acquisition time (indicators, cluster) for crawled ads.
    analysis = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["exhibit_number"]

    def __str__(self) -> str:
        return self.exhibit_number

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CustodyEvent(models.Model):
    class Action(models.TextChoices):
        ACQUIRED = "acquired", _("Verkregen")
        VIEWED = "viewed", _("Bekeken")
        EXPORTED = "exported", _("Geëxporteerd")
        HANDED_OVER = "handed_over", _("Overgedragen")

    evidence = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="custody")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)
    tool = models.CharField(max_length=100)
    tool_version = models.CharField(max_length=40)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.evidence} {self.action}"


class CaseSelector(models.Model):
    """A phone number, e-mail address, handle or URL in a case; matched by keyed digest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="selectors")
    kind = models.CharField(max_length=10)
    value = EncryptedTextField()
    digest = models.CharField(max_length=64, db_index=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "digest"], name="one_selector_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case.number}"


class Handover(models.Model):
    """A coordinator's approval, the exported dossier and the police's receipt of it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="handover")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)
    police_unit = models.CharField(max_length=200, blank=True)
    police_reference = models.CharField(max_length=100, blank=True)
    handed_over_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"handover of {self.case.number}"


class DossierExport(models.Model):
    """A dossier ZIP as it was exported, kept in the vault."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exports")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    manifest_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"dossier {self.sha256[:12]} of {self.case.number}"

"""Sources (site profiles), crawl runs with their WARC evidence, ads with version history, networks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """A site Signaal crawls, described by a profile file (``profiles/<name>.yaml`` or a path)."""

    name = models.SlugField(max_length=100, unique=True)
    profile_path = models.CharField(max_length=500)
    base_url = models.URLField(
        blank=True, help_text="Overrides the profile's host (fixture sites)."
    )
    schedule = models.CharField(max_length=100, blank=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def last_run(self):
        return self.runs.order_by("-pk").first()


class CrawlRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        FINISHED = "finished", _("Klaar")
        PARTIAL = "partial", _("Klaar met fouten")
        FAILED = "failed", _("Mislukt")
        INTERRUPTED = "interrupted", _("Afgebroken")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="runs")
    # Runs that share a job continue one crawl: a resumed run, or processes splitting a site.
    job = models.CharField(max_length=100, db_index=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    pid = models.IntegerField(null=True, blank=True)
    hostname = models.CharField(max_length=255, blank=True)
    pages = models.PositiveIntegerField(default=0)
    ads = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    images = models.PositiveIntegerField(default=0)
    warc_path = models.CharField(max_length=500, blank=True)  # while running
    warc_blob = models.ForeignKey(
        "vault.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    warc_sha256 = models.CharField(max_length=64, blank=True)
    warc_records = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.source.name} #{self.pk}"

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE


class Ad(models.Model):
    """One ad as last seen; `AdVersion` keeps every content it had."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="ads")
    key = models.CharField(max_length=300, unique=True)  # "<site>:<external id>", the analysis id
    site = models.CharField(max_length=100, db_index=True)
    external_id = models.CharField(max_length=200)
    url = models.URLField(max_length=2000)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    last_run = models.ForeignKey(CrawlRun, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    city = models.CharField(max_length=200, blank=True, db_index=True)
    age = models.IntegerField(null=True, blank=True)
    posted_at = models.CharField(max_length=40, blank=True)
    phones = models.JSONField(default=list)
    images = models.JSONField(default=list)
    score = models.PositiveSmallIntegerField(default=0, db_index=True)
    # Indicator categories as ",minor,control,": filterable on every database.
    categories = models.CharField(max_length=200, blank=True)
    analysis = models.JSONField(default=dict)  # selectors, indicators, explanation
    cluster_id = models.CharField(max_length=100, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64)
    version_count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-score", "-last_seen"]
        constraints = [
            models.UniqueConstraint(fields=["site", "external_id"], name="ad_site_external_id")
        ]

    def __str__(self):
        return self.key

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]

    def current_version(self):
        return self.versions.order_by("-pk").first()


class AdSelector(models.Model):
    """A selector of an ad's current content, indexed by the same keyed digest as
    reports and cases use, so a phone number in a report finds the ads it is in."""

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="selectors")
    kind = models.CharField(max_length=10)
    value = models.CharField(max_length=500)
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ad", "digest"], name="one_selector_per_ad")]

    def __str__(self):
        return f"{self.kind} {self.value}"


class AdVersion(models.Model):
    """A content the ad had, with the capture that shows it."""

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="versions")
    run = models.ForeignKey(CrawlRun, on_delete=models.PROTECT, related_name="versions")
    seen_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    fields = models.JSONField()
    # Where the detail response lies: in capture_run's WARC (its warc_blob once stored).
    capture_run = models.ForeignKey(
        CrawlRun, null=True, on_delete=models.PROTECT, related_name="captured_versions"
    )
    warc_record_id = models.CharField(max_length=100, blank=True)
    warc_offset = models.BigIntegerField(null=True, blank=True)
    warc_length = models.BigIntegerField(null=True, blank=True)
    response_sha256 = models.CharField(max_length=64, blank=True)
    linked = models.BooleanField(default=False, db_index=True)  # added to the AdLinker

    class Meta:
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.ad_id} v{self.pk}"


class Network(models.Model):
    """A cluster of linked ads as `signaal.analysis.AdLinker` last reported it."""

    cluster_id = models.CharField(max_length=100, unique=True)
    size = models.PositiveIntegerField()
    members = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    spread = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-size"]

    def __str__(self):
        return self.cluster_id


class LinkerState(models.Model):
    """The persisted `AdLinker` index, and the last ad version it holds."""

    name = models.CharField(max_length=50, unique=True, default="default")
    state = models.JSONField(null=True)
    last_version_id = models.BigIntegerField(default=0)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name

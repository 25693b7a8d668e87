from django.conf import settings
from django.core.management.base import BaseCommand

from signaal.intake import services_staff


class Command(BaseCommand):
    help = (
        "Work with Meldpunt reports. 'signaal reports shred-expired' crypto-shreds reports "
        "closed without a case longer ago than SIGNAAL_REPORT_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        shred = sub.add_parser(
            "shred-expired",
            help="Shred expired reports (not those under legal hold); prints the counts.",
        )
        shred.add_argument(
            "--dry-run", action="store_true", help="Only count what would be shredded."
        )

    def handle(self, *args, **options):
        run = services_staff.reports_shred_expired(actor=None, dry_run=options["dry_run"])
        days = settings.REPORT_RETENTION_DAYS
        if options["dry_run"]:
            self.stdout.write(
                f"dry run: {run.due} report(s) closed more than {days} days ago would be "
                f"shredded; {run.held} kept under legal hold"
            )
            return
        self.stdout.write(
            f"shredded {run.shredded} of {run.due} expired report(s) (retention {days} days); "
            f"{run.held} kept under legal hold; {run.failed} changed during the run"
        )

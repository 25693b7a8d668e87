from django.core.management.base import BaseCommand

from signaal.audit import services


class Command(BaseCommand):
    help = "Work with the audit log. 'signaal audit verify' checks the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("verify", help="Check every row of the hash chain; exit 1 on a break.")

    def handle(self, *args, **options):
        result = services.verify()
        if result.ok:
            self.stdout.write(f"audit chain intact: {result.checked} rows checked")
            return
        self.stderr.write(f"audit chain broken: {result.problem}")
        raise SystemExit(1)

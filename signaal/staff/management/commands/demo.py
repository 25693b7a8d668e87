from django.core.management import call_command
from django.core.management.base import BaseCommand

from signaal import demo


class Command(BaseCommand):
    help = (
        "Prepare a demo data directory (SIGNAAL_DATA_DIR, or var/demo/) with a demo "
        "coordinator and synthetic data, then serve it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Prepare only, then exit.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options):
        # The directory itself was prepared by signaal.cli before settings loaded.
        demo.populate(self.stdout)
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])

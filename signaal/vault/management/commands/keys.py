from django.core.management.base import BaseCommand

from signaal.vault import services


class Command(BaseCommand):
    help = "Manage encryption keys. 'signaal keys rotate' makes a new master key current."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        rotate = sub.add_parser("rotate", help="Re-wrap every data key under a new master key.")
        rotate.add_argument(
            "--retire-old",
            action="store_true",
            help="Remove old master keys from the key file once nothing uses them.",
        )

    def handle(self, *args, **options):
        result = services.keys_rotate(retire_old=options["retire_old"], actor=None)
        self.stdout.write(
            f"master key {result.new_master_id} is current; re-wrapped "
            f"{result.rewrapped_data_keys} data keys and {result.rewrapped_blobs} blob keys"
            + (
                f"; retired {result.retired_master_keys} old keys"
                if result.retired_master_keys
                else ""
            )
        )

"""`signaal fixture-site`: serve the synthetic ad site on loopback until interrupted."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Serve a synthetic ad site (generated ads, no real people) on loopback, in an HTML "
        "layout (/ads?page=N, /ad/<id>) and a JSON layout (/api/ads?page=N, /api/ad/<id>)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8800, help="Port on 127.0.0.1 (0: any free port)."
        )
        parser.add_argument("--ads", type=int, default=2000, help="Number of ads (default 2000).")
        parser.add_argument("--seed", type=int, default=7, help="Corpus seed (default 7).")
        parser.add_argument(
            "--epoch",
            type=int,
            default=0,
            help="How many rounds of edits, moves and removals to apply.",
        )
        parser.add_argument(
            "--hostile",
            default="",
            help="Answer every page in a hostile way: slow, 500, 429, loop, huge, malformed, junk, endless.",
        )

    def handle(self, *args, **options):
        from fixtures.adsite import MODES, AdSite, make_server

        if options["ads"] < 1 or options["epoch"] < 0:
            raise CommandError("--ads must be at least 1 and --epoch at least 0.", returncode=2)
        if options["hostile"] and options["hostile"] not in MODES:
            raise CommandError(f"--hostile must be one of: {', '.join(MODES)}.", returncode=2)
        site = AdSite(
            ads=options["ads"],
            seed=options["seed"],
            epoch=options["epoch"],
            hostile=options["hostile"],
        )
        try:
            server = make_server("127.0.0.1", options["port"], site=site)
        except OSError as e:
            raise CommandError(
                f"cannot listen on 127.0.0.1:{options['port']}: {e.strerror}.", returncode=2
            ) from None
        port = server.server_address[1]
        self.stdout.write(
            f"Fixture ad site with {options['ads']} ads at http://127.0.0.1:{port}/ (Ctrl-C stops)"
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

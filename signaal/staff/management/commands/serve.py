import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run Signaal: the web server (waitress) and the background worker (Huey) together."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--threads",
            type=int,
            default=4,
            help="Worker threads. SQLite writes one transaction at a time, and more "
            "threads only lengthen the slowest waits (bench/README.md); raise it on PostgreSQL.",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Serve only; run workers elsewhere."
        )

    def handle(self, *args, **options):
        from waitress.server import create_server

        from signaal.config.wsgi import application
        from signaal.vault import keys

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        keys.keyring()  # creates the master key file on first start
        call_command("migrate", interactive=False, verbosity=0)

        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "signaal.cli", "run_huey", "--quiet"])

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(
            f"Signaal serves http://{options['host']}:{options['port']}/ "
            f"(staff: /staff/), data in {settings.DATA_DIR}"
        )
        self.stdout.flush()
        try:
            server = create_server(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="Signaal",
                # Socket error logs would carry client addresses.
                log_socket_errors=False,
            )
        except OSError as e:
            if worker is not None:
                worker.terminate()
            raise CommandError(
                f"cannot listen on {options['host']}:{options['port']}: {e.strerror}", returncode=2
            ) from None
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)

"""`signaal demo`: a throw-away data directory with demo users and synthetic data.

The directory is prepared before Django starts (settings read their secrets
from it), so this module keeps its Django imports inside functions.
"""

import os
import shutil
from pathlib import Path

MARKER = ".signaal-demo"
DEFAULT_DIR = Path("var/demo")


class DemoDirectoryError(Exception):
    pass


def prepare_directory() -> Path:
    """Choose and empty the demo data directory; refuse one that holds other data."""
    path = Path(os.environ.get("SIGNAAL_DATA_DIR") or DEFAULT_DIR).expanduser().resolve()
    if path.exists():
        if not path.is_dir():
            raise DemoDirectoryError(f"{path} is not a directory.")
        if any(path.iterdir()) and not (path / MARKER).exists():
            raise DemoDirectoryError(
                f"{path} holds data that is not demo data; "
                "point SIGNAAL_DATA_DIR at an empty or demo directory."
            )
        shutil.rmtree(path)
    path.mkdir(parents=True, mode=0o700)
    (path / MARKER).write_text("This directory holds Signaal demo data and may be wiped.\n")
    os.environ["SIGNAAL_DATA_DIR"] = str(path)
    return path


# Later parts of Signaal add functions here that fill the demo with synthetic data.
# Each takes the demo coordinator and returns a one-line summary.
POPULATORS: list = []


def populate(stdout) -> None:
    import secrets

    import segno
    from django.conf import settings
    from django.core.management import call_command

    from signaal.accounts import services
    from signaal.config.keyfiles import write_private
    from signaal.vault import keys

    keys.keyring()  # creates the master key file
    call_command("migrate", interactive=False, verbosity=0)
    password = secrets.token_urlsafe(12)
    enrolment = services.staff_create(
        username="demo", role="coordinator", password=password, actor=None
    )
    lines = [
        "Demo coordinator (log in at /staff/login/):",
        "  username:    demo",
        f"  password:    {password}",
        f"  TOTP secret: {enrolment.secret_base32}",
        f"  TOTP URI:    {enrolment.uri}",
    ]
    write_private(Path(settings.DATA_DIR) / "demo-credentials.txt", "\n".join(lines) + "\n")
    for populator in POPULATORS:
        lines.append(populator(enrolment.user))
    stdout.write("\n".join(lines) + "\n")
    stdout.write("Scan this code with an authenticator app:\n")
    segno.make(enrolment.uri, error="m").terminal(out=stdout, compact=True)

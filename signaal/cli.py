"""The `signaal` command: Signaal's own commands and Django's, with one error style.

Errors are one line without a traceback: exit 2 for bad usage or configuration,
1 when what a command checks fails, 0 on success.
"""

import os
import sys


def _fail(message: str, code: int) -> int:
    print(f"signaal: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["fixture-site"]:
        argv[0] = "fixture_site"  # Django command names cannot contain '-'
    if argv[:1] == ["analyse"]:
        # Framework-free: no settings, no database.
        from signaal.analysis.cli import main as analyse_main

        return analyse_main(argv[1:])

    if argv[:1] == ["demo"] and not ({"-h", "--help"} & set(argv)):
        from signaal.demo import DemoDirectoryError, prepare_directory

        try:
            prepare_directory()
        except (DemoDirectoryError, OSError) as e:
            return _fail(f"cannot prepare the demo directory: {e}", 2)
        # The demo serves plain HTTP on loopback; real deployments sit behind TLS.
        os.environ.setdefault("SIGNAAL_HTTPS", "0")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaal.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from signaal.config.env import SettingError

    try:
        import django

        django.setup()
    except (SettingError, ImproperlyConfigured) as e:
        return _fail(f"configuration error: {e}", 2)

    from django.core.management import get_commands
    from django.db import DatabaseError

    if argv and not argv[0].startswith("-") and argv[0] not in get_commands():
        return _fail(f"unknown command {argv[0]!r}; 'signaal help' lists the commands.", 2)

    from signaal.vault.keys import MasterKeyMissing

    try:
        execute_from_command_line(["signaal", *argv])
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except (SettingError, ImproperlyConfigured, MasterKeyMissing) as e:
        return _fail(f"configuration error: {e}", 2)
    except DatabaseError as e:
        return _fail(
            f"database error: {e}. Check SIGNAAL_DATABASE_URL and run 'signaal migrate'.", 2
        )
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

import secrets

import segno
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from signaal.accounts import services
from signaal.accounts.models import User


class Command(BaseCommand):
    help = "Create a staff user and print the TOTP enrolment URI and a terminal QR code."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help="Initial password; a strong one is generated when omitted."
        )
        parser.add_argument("--no-qr", action="store_true", help="Do not print the QR code.")

    def handle(self, *args, **options):
        password = options["password"] or secrets.token_urlsafe(15)
        try:
            enrolment = services.staff_create(
                username=options["username"],
                role=options["role"],
                password=password,
                email=options["email"],
                actor=None,
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages), returncode=2) from None
        self.stdout.write(f"username: {enrolment.user.username}")
        self.stdout.write(f"role: {enrolment.user.role}")
        if not options["password"]:
            self.stdout.write(f"password: {password}")
        self.stdout.write(f"totp secret: {enrolment.secret_base32}")
        self.stdout.write(f"totp uri: {enrolment.uri}")
        if not options["no_qr"]:
            segno.make(enrolment.uri, error="m").terminal(out=self.stdout, compact=True)

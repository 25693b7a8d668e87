from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaal.accounts import access
from signaal.accounts.models import User
from signaal.audit import services as audit


@dataclass(frozen=True)
class Enrolment:
    user: User
    device: TOTPDevice

    @property
    def secret_base32(self) -> str:
        from base64 import b32encode

        return b32encode(self.device.bin_key).decode()

    @property
    def uri(self) -> str:
        return self.device.config_url


@transaction.atomic
def staff_create(
    *, username: str, role: str, password: str, email: str = "", actor: User | None
) -> Enrolment:
    """Create a staff user with a confirmed TOTP device named 'default'.

    `actor` is None only for the command line (`signaal createstaff`).
    """
    if actor is not None:
        access.require(actor, "users.manage")
    if role not in User.Role.values:
        raise ValidationError(
            f"Unknown role {role!r}; choose one of {', '.join(User.Role.values)}."
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"A user named {username!r} already exists.")
    user = User(username=username, role=role, email=email, is_staff=False)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    audit.record(actor=actor, action="user.create", obj=user, details={"role": role})
    return Enrolment(user=user, device=device)


@transaction.atomic
def staff_set_active(*, user: User, active: bool, actor: User) -> User:
    """Block or unblock a staff account; a user cannot block themselves."""
    access.require(actor, "users.manage")
    if user.pk == actor.pk and not active:
        raise ValidationError("You cannot block your own account.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # End every session of the user at once.
        from django.contrib.sessions.models import Session

        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
    audit.record(actor=actor, action="user.block" if not active else "user.unblock", obj=user)
    return user

"""Every access decision for staff in one place.

`PERMISSIONS` maps a permission name to the roles that hold it; views use
`staff_view(permission)`, services call `require(actor, permission)`. A staff
page is reachable only for an active user who logged in with a verified second
factor and holds the permission.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from signaal.accounts.models import User

INTAKE = User.Role.INTAKE
INVESTIGATOR = User.Role.INVESTIGATOR
COORDINATOR = User.Role.COORDINATOR
ADMIN = User.Role.ADMIN
ALL_ROLES = frozenset(User.Role)

PERMISSIONS: dict[str, frozenset[str]] = {
    "staff.home": ALL_ROLES,
    "account.security": ALL_ROLES,
    "audit.verify": frozenset({COORDINATOR, ADMIN}),
    # Meldpunt: intake screens reports; coordinators may do everything intake may.
    "report.screen": frozenset({INTAKE, COORDINATOR}),
    "report.enter": frozenset({INTAKE, COORDINATOR}),
    "report.attachment_open": frozenset({INTAKE, COORDINATOR}),
    "report.legal_hold": frozenset({COORDINATOR}),
    # Cases: intake opens them from a report; investigators work the cases they
    # can see (queries.cases_visible_to); coordinators see all and approve.
    "case.open": frozenset({INTAKE, COORDINATOR}),
    "case.view": frozenset({INVESTIGATOR, COORDINATOR}),
    "case.work": frozenset({INVESTIGATOR, COORDINATOR}),
    "case.assign": frozenset({COORDINATOR}),
    "case.approve_handover": frozenset({COORDINATOR}),
    "case.export": frozenset({INVESTIGATOR, COORDINATOR}),
    # Decoys: investigators run them; two different coordinators authorise them.
    "decoy.view": frozenset({INVESTIGATOR, COORDINATOR}),
    "decoy.manage": frozenset({INVESTIGATOR, COORDINATOR}),
    "decoy.approve": frozenset({COORDINATOR}),
    "decoy.import": frozenset({INVESTIGATOR, COORDINATOR}),
    # Ads and crawling: investigators work leads; admins manage sources.
    "ads.view": frozenset({INVESTIGATOR, COORDINATOR}),
    "crawl.run": frozenset({INVESTIGATOR, COORDINATOR, ADMIN}),
    "sources.manage": frozenset({COORDINATOR, ADMIN}),
    # Taking a report yourself needs report.screen; handing it to someone else needs this.
    "report.assign": frozenset({COORDINATOR}),
    # Destroying a closed report before its retention period ends (e.g. an erasure request).
    "report.shred": frozenset({COORDINATOR}),
    "users.manage": frozenset({ADMIN}),
}


def can(user, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}: add it to access.PERMISSIONS.")
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.role in PERMISSIONS[permission]


def require(user, permission: str) -> None:
    """Raise PermissionDenied unless `user` holds `permission`."""
    if not can(user, permission):
        raise PermissionDenied(permission)


def is_verified(user) -> bool:
    """True when the user logged in with password and a second factor."""
    return bool(user.is_authenticated and user.is_verified())


def staff_view(permission: str):
    """Decorate a staff view: login, verified second factor, then the permission."""
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}: add it to access.PERMISSIONS.")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not is_verified(user):
                # Logged in without a second factor (no device yet): enrol first.
                return redirect("two_factor:setup")
            require(user, permission)
            return view(request, *args, **kwargs)

        wrapped.staff_permission = permission
        return wrapped

    return decorator

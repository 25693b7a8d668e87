"""The staff navigation: parts of Signaal, each visible to the roles that may use it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from signaal.accounts import access


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str | None  # None: the part is still to come
    permission: str


ITEMS = [
    NavItem(_("Start"), "staff:home", "staff.home"),
    NavItem(_("Meldingen"), "reports:queue", "report.screen"),
    NavItem(_("Zaken"), "cases:list", "case.view"),
    NavItem(_("Advertenties"), "ads:list", "ads.view"),
    NavItem(_("Lokmiddelen"), "decoys:overview", "decoy.view"),
    NavItem(_("Inzicht"), None, "staff.home"),
    NavItem(_("Auditlog"), "staff:audit_status", "audit.verify"),
    NavItem(_("Medewerkers"), "users:list", "users.manage"),
]


def items_for(user) -> list[NavItem]:
    return [item for item in ITEMS if access.can(user, item.permission)]

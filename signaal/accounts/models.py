from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member. Reporters never have accounts."""

    class Role(models.TextChoices):
        INTAKE = "intake", _("Intake")
        INVESTIGATOR = "investigator", _("Rechercheur")
        COORDINATOR = "coordinator", _("Coördinator")
        ADMIN = "admin", _("Beheerder")

    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return self.username

from django import forms
from django.utils.translation import gettext_lazy as _

from signaal.accounts.models import User


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Gebruikersnaam"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Gebruik alleen letters, cijfers en . @ + - _")},
    )
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=User.Role.choices)

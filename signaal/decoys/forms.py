from django import forms
from django.utils.translation import gettext_lazy as _

from signaal.accounts.models import User
from signaal.decoys import texts
from signaal.decoys.models import PROVIDERS, Deployment

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DeploymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=Deployment.Kind.choices)
    name = forms.CharField(label=_("Naam (intern)"), max_length=120)
    purpose = forms.CharField(label=_("Doel"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(
        label=_("Wettelijke grondslag"), widget=forms.Textarea(attrs={"rows": 2})
    )
    platforms = forms.CharField(label=_("Platform(s)"), max_length=300)
    content = forms.CharField(
        label=_("Advertentietekst of personabeschrijving (geen beelden)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_channels = forms.CharField(label=_("Contactkanalen"), max_length=300, required=False)
    starts_at = forms.DateTimeField(label=_("Begin"), widget=DATETIME_WIDGET)
    expires_at = forms.DateTimeField(label=_("Einde"), widget=DATETIME_WIDGET)
    contact_cap = forms.IntegerField(
        label=_("Maximum aantal contacten"), min_value=1, max_value=1_000_000
    )
    stop_conditions = forms.CharField(
        label=_("Stopcondities"), widget=forms.Textarea(attrs={"rows": 2})
    )
    dpia_reference = forms.CharField(label=_("Referentie DPIA"), max_length=200)
    police_reference = forms.CharField(
        label=_("Referentie politie / OM (verplicht voor een lokprofiel)"),
        max_length=200,
        required=False,
    )
    acknowledgement = forms.CharField(
        label=_("Neutrale bevestiging vóór de waarschuwing (optioneel, hoogstens één bericht)"),
        max_length=300,
        required=False,
    )
    deterrence_nl = forms.CharField(
        label=_("Waarschuwing (Nederlands)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        initial=texts.DETERRENCE_NL,
    )
    deterrence_en = forms.CharField(
        label=_("Waarschuwing (Engels)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        initial=texts.DETERRENCE_EN,
    )
    operators = forms.ModelMultipleChoiceField(
        label=_("Operators (lokprofiel)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operators"].queryset = User.objects.filter(
            is_active=True, role__in=[User.Role.INVESTIGATOR, User.Role.COORDINATOR]
        ).order_by("username")


class StopForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=500, required=False)


class ChannelForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"), choices=[(p, p) for p in PROVIDERS])
    account_sid = forms.CharField(label="Twilio account SID", required=False, max_length=200)
    from_number = forms.CharField(label=_("Twilio afzendernummer"), required=False, max_length=50)
    auth_token = forms.CharField(
        label="Twilio auth token", required=False, widget=forms.PasswordInput, max_length=500
    )
    phone_number_id = forms.CharField(
        label="WhatsApp phone number id", required=False, max_length=200
    )
    app_secret = forms.CharField(
        label="WhatsApp app secret", required=False, widget=forms.PasswordInput, max_length=500
    )
    verify_token = forms.CharField(
        label="WhatsApp verify token", required=False, widget=forms.PasswordInput, max_length=500
    )
    access_token = forms.CharField(
        label="WhatsApp access token", required=False, widget=forms.PasswordInput, max_length=2000
    )
    workspace_id = forms.CharField(label="Bird workspace id", required=False, max_length=200)
    channel_id = forms.CharField(label="Bird channel id", required=False, max_length=200)
    signing_key = forms.CharField(
        label="Bird signing key", required=False, widget=forms.PasswordInput, max_length=500
    )
    access_key = forms.CharField(
        label="Bird access key", required=False, widget=forms.PasswordInput, max_length=500
    )
    base_url = forms.CharField(
        label=_("API-adres (leeg: standaard van de provider)"), required=False, max_length=300
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Export (.txt, .json of .zip, hoogstens 20 MB)"))
    decoy_name = forms.CharField(label=_("Naam van het lokprofiel in het gesprek"), max_length=200)
    tz = forms.ChoiceField(
        label=_("Tijdzone van de telefoon (alleen WhatsApp)"),
        choices=[
            ("Europe/Amsterdam", "Europe/Amsterdam"),
            ("UTC", "UTC"),
            ("Europe/London", "Europe/London"),
        ],
        initial="Europe/Amsterdam",
    )


class AddToCaseForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Zaak"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        from signaal.cases.queries import cases_visible_to

        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases_visible_to(user)
        self.fields["case"].empty_label = "— kies een zaak —"


class ReferForm(forms.Form):
    reference = forms.CharField(label=_("Referentie politie"), max_length=200, required=False)

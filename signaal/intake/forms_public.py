"""Forms for the public Meldpunt pages: the report form and the follow-up forms.

The forms only check input and turn it into what the services take; the
services store it. Files are checked by content (`uploads.check`) here, so a
refused file is a field error before anything is stored.
"""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from signaal.intake import services, uploads
from signaal.intake.models import Report
from signaal.intake.upload_handlers import TOO_LARGE, TOO_MANY

ABOUT_MINOR_CHOICES = [
    ("yes", _("Ja")),
    ("no", _("Nee")),
    ("unknown", _("Weet ik niet")),
]
TOO_LONG = {"max_length": _("Dit is te lang: hooguit %(limit_value)d tekens (nu %(show_value)d).")}
DANGER_CHOICES = [("yes", _("Ja, nu")), ("no", _("Nee"))]
FILE_ACCEPT = "image/*,.png,.jpg,.jpeg,.gif,.webp,.heic,.heif,.pdf,.txt,.docx,.odt"


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to `uploads.MAX_FILES` files, each checked by content; cleans to CheckedFiles."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": FILE_ACCEPT, "aria-describedby": "files_help"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > uploads.MAX_FILES or any(
            getattr(f, "refused", None) == TOO_MANY for f in files
        ):
            raise forms.ValidationError(
                ngettext(
                    "Je kunt hooguit %(max)d bestand tegelijk sturen.",
                    "Je kunt hooguit %(max)d bestanden tegelijk sturen. Stuur de rest later via de opvolgpagina.",
                    uploads.MAX_FILES,
                )
                % {"max": uploads.MAX_FILES}
            )
        checked, errors = [], []
        for f in files:
            name = (f.name or "bestand").rsplit("/", 1)[-1]
            if getattr(f, "refused", None) == TOO_LARGE:
                errors.append(
                    _(
                        "Het bestand %(name)s is groter dan 10 MB. Stuur een kleinere versie of een schermafbeelding."
                    )
                    % {"name": name}
                )
                continue
            try:
                checked.append(uploads.check(f.name, f.read()))
            except uploads.UploadRefused as e:
                errors.append(str(e))
        if errors:
            raise forms.ValidationError(errors)
        return checked


class ErrorsDescribedMixin:
    """A field with help text and an error points to both, so screen readers read the error."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "aria-describedby" in attrs:
                    error_id = self.auto_id % name + "_error"
                    attrs["aria-describedby"] = f"{error_id} {attrs['aria-describedby']}"


def _textarea(rows: int, maxlength: int, describedby: str):
    return forms.Textarea(
        attrs={"rows": rows, "maxlength": maxlength, "aria-describedby": describedby}
    )


class ReportForm(ErrorsDescribedMixin, forms.Form):
    """Everything a reporter can tell us; only the role and what happened are required."""

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reporter_role = forms.ChoiceField(
        label=_("Wie meldt er?"),
        choices=Report.ReporterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wie er meldt.")},
    )
    about_minor = forms.ChoiceField(
        label=_("Gaat het om iemand jonger dan 18 jaar?"),
        choices=ABOUT_MINOR_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    what_happened = forms.CharField(
        label=_("Wat is er gebeurd?"),
        max_length=services.MAX_TEXT,
        widget=_textarea(8, services.MAX_TEXT, "what_happened_help"),
        error_messages={
            "required": _(
                "Schrijf kort op wat er is gebeurd. Dat is het enige wat je moet invullen."
            ),
            "max_length": _(
                "Dit is te lang: hooguit %(limit_value)d tekens (nu %(show_value)d). Maak het korter of stuur de rest later via de opvolgpagina."
            ),
        },
    )
    where_online = forms.CharField(
        label=_("Waar online?"),
        required=False,
        max_length=services.MAX_TEXT,
        widget=_textarea(4, services.MAX_TEXT, "where_online_help"),
        error_messages=TOO_LONG,
    )
    when_happened = forms.CharField(
        label=_("Wanneer was het?"),
        required=False,
        max_length=services.MAX_SHORT,
        widget=forms.TextInput(
            attrs={"maxlength": services.MAX_SHORT, "aria-describedby": "when_happened_help"}
        ),
        error_messages=TOO_LONG,
    )
    danger_now = forms.ChoiceField(
        label=_("Is iemand nu in gevaar?"),
        choices=DANGER_CHOICES,
        widget=forms.RadioSelect(attrs={"data-danger-choice": ""}),
        required=False,
    )
    contact_name = forms.CharField(
        label=_("Naam"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=TOO_LONG,
    )
    contact_email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            **TOO_LONG,
            "invalid": _("Dit lijkt geen e-mailadres. Controleer het of laat het leeg."),
        },
    )
    contact_phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages=TOO_LONG,
    )
    files = AttachmentsField(label=_("Bestanden"))
    # The trap: hidden from people, filled in by bots. Named like a real field.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not services.TOKEN_RE.match(token):
            raise forms.ValidationError(
                _(
                    "Dit formulier was verlopen. Controleer je antwoorden en verstuur het nog een keer."
                )
            )
        return token

    @property
    def is_trap(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def submit_arguments(self) -> dict:
        """The cleaned form as keyword arguments for `services.report_submit`."""
        data = self.cleaned_data
        return {
            "submission_token": data["submission_token"],
            "reporter_role": data["reporter_role"],
            "what_happened": data["what_happened"],
            "where_online": data["where_online"],
            "when_happened": data["when_happened"],
            "danger_now": data["danger_now"] == "yes",
            "about_minor": data["about_minor"] == "yes",
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
            "files": data["files"],
        }


class ReceiptCodeForm(ErrorsDescribedMixin, forms.Form):
    code = forms.CharField(
        label=_("Je ontvangstcode"),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "aria-describedby": "code_help",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Vul de 16 cijfers van je ontvangstcode in.")},
    )


class ReporterMessageForm(ErrorsDescribedMixin, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # One per rendered form: a double click stores the message once.
    message_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    body = forms.CharField(
        label=_("Je bericht"),
        required=False,
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.MAX_TEXT}),
        error_messages={
            "max_length": _(
                "Dit is te lang: hooguit %(limit_value)d tekens (nu %(show_value)d). Stuur het in delen."
            )
        },
    )
    files = AttachmentsField(label=_("Bestanden"))

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("message_token") or ""
        if token and not services.TOKEN_RE.match(token):
            # A hidden field: say it where the reporter can see it.
            raise forms.ValidationError(
                _(
                    "Er ging iets mis met dit formulier. Laad de pagina opnieuw en probeer het nog eens."
                )
            )
        if not self.errors and not cleaned.get("body", "").strip() and not cleaned.get("files"):
            raise forms.ValidationError(_("Schrijf een bericht of kies een bestand om te sturen."))
        return cleaned

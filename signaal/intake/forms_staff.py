"""Forms for the staff side of the Meldpunt: they parse input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from signaal.intake import services_staff
from signaal.intake.models import Label, Report

LABEL_MAX = Label._meta.get_field("name").max_length


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", _("Open (nieuw en in screening)")),
            *Report.Status.choices,
            ("all", _("Alle")),
        ],
    )
    label = forms.ChoiceField(label=_("Label"), required=False)
    assignee = forms.ChoiceField(
        label=_("Toegewezen"),
        required=False,
        choices=[("", _("Iedereen")), ("mine", _("Aan mij")), ("unassigned", _("Niemand"))],
    )
    urgent = forms.BooleanField(label=_("Alleen urgent"), required=False)
    overdue = forms.ChoiceField(
        label=_("Termijn"),
        required=False,
        choices=[("", _("Alle")), ("ack", _("Bevestiging te laat"))],
    )

    unread = forms.BooleanField(label=_("Met nieuw bericht van melder"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = Label.objects.values_list("name", flat=True)
        self.fields["label"].choices = [("", _("Alle labels"))] + [(n, n) for n in names]

    def filters(self) -> dict:
        """Valid filters, with the defaults for anything missing or wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "open",
            "label": data.get("label") or "",
            "assignee": data.get("assignee") or "",
            "urgent": bool(data.get("urgent")),
            "overdue": data.get("overdue") or "",
            "unread": bool(data.get("unread")),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=Report.Status.choices)
    reason = forms.CharField(
        label=_("Reden (interne notitie)"),
        required=False,
        max_length=services_staff.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Toewijzen aan"),
        queryset=None,
        required=False,
        empty_label=_("Niemand"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = services_staff.assignable_users()


class LabelForm(forms.Form):
    name = forms.CharField(label=_("Label"), max_length=LABEL_MAX)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Interne notitie"),
        max_length=services_staff.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Bericht aan de melder"),
        max_length=services_staff.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LegalHoldForm(forms.Form):
    hold = forms.TypedChoiceField(
        label=_("Juridische bewaarplicht"),
        choices=[("1", _("Aan")), ("0", _("Uit"))],
        coerce=lambda value: value == "1",
    )


class ShredForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat de inhoud van deze melding definitief verdwijnt."),
        error_messages={
            "required": _("Vink eerst aan dat je de melding definitief wilt vernietigen.")
        },
    )


class ReportEnterForm(forms.Form):
    """A report received by phone, e-mail or otherwise, typed in by staff."""

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    source = forms.ChoiceField(
        label=_("Binnengekomen via"),
        choices=[(s.value, s.label) for s in Report.Source if s in services_staff.ENTRY_SOURCES],
    )
    reporter_role = forms.ChoiceField(label=_("Wie meldt"), choices=Report.ReporterRole.choices)
    what_happened = forms.CharField(
        label=_("Wat is er gebeurd?"),
        max_length=services_staff.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    where_online = forms.CharField(
        label=_("Waar online (websites, accounts, telefoonnummers)"),
        required=False,
        max_length=services_staff.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    when_happened = forms.CharField(label=_("Wanneer"), required=False, max_length=2000)
    danger_now = forms.BooleanField(label=_("Iemand is nu in gevaar"), required=False)
    about_minor = forms.BooleanField(
        label=_("Het gaat (mogelijk) om een minderjarige"), required=False
    )
    contact_name = forms.CharField(label=_("Naam melder"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-mail melder"), required=False, max_length=254)
    contact_phone = forms.CharField(label=_("Telefoon melder"), required=False, max_length=50)
    acknowledged = forms.BooleanField(
        label=_("De melder heeft de ontvangst al bevestigd gekregen (bijv. aan de telefoon)"),
        required=False,
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from signaal.cases.models import Case, CaseTask


class CaseOpenForm(forms.Form):
    title = forms.CharField(label=_("Titel van de zaak"), max_length=200)
    summary = forms.CharField(
        label=_("Samenvatting"), widget=forms.Textarea, required=False, max_length=20_000
    )
    priority = forms.TypedChoiceField(
        label=_("Prioriteit"),
        choices=Case.Priority.choices,
        coerce=int,
        initial=Case.Priority.NORMAL,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=Case.Status.choices)
    closing_reason = forms.ChoiceField(
        label=_("Reden (bij sluiten)"),
        choices=[("", "—"), *Case.ClosingReason.choices],
        required=False,
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Taak"), max_length=200)
    assignee = forms.ModelChoiceField(label=_("Voor"), queryset=None, required=False)
    due_date = forms.DateField(
        label=_("Uiterlijk"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = workers


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=CaseTask.Status.choices)


class SelectorForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[
            ("phone", _("Telefoon")),
            ("email", _("E-mail")),
            ("handle", _("Account")),
            ("url", _("URL")),
        ],
    )
    raw_value = forms.CharField(label=_("Waarde"), max_length=500)


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=_("Bestand"))
    description = forms.CharField(label=_("Omschrijving"), max_length=500, required=False)
    source = forms.CharField(
        label=_("Herkomst"), max_length=500, help_text=_("Waar komt het bestand vandaan?")
    )


class AssignForm(forms.Form):
    investigators = forms.ModelMultipleChoiceField(
        label=_("Rechercheurs"), queryset=None, required=False
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigators"].queryset = workers


class HandoverForm(forms.Form):
    police_unit = forms.CharField(label=_("Politie-eenheid"), max_length=200)
    police_reference = forms.CharField(label=_("Kenmerk politie"), max_length=100)
    handed_over_on = forms.DateField(
        label=_("Datum overdracht"), widget=forms.DateInput(attrs={"type": "date"})
    )

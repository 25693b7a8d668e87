"""Staff screening pages: the queue, a report, its actions, entering a report.

Views translate HTTP: they parse a form, call one service and show its
ValidationError as a message. Pages with reporter content are never cached.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from signaal.accounts import access
from signaal.accounts.access import staff_view
from signaal.intake import forms_staff, queries, services_staff
from signaal.intake.models import Attachment, Label, Report, ReportMessage
from signaal.staff.actions import run_action

PAGE_SIZE = 50


def _visible(request, report_id) -> Report:
    return get_object_or_404(queries.reports_visible_to(request.user), pk=report_id)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _case_open_url(user, report: Report) -> str | None:
    """Where the cases feature opens a case from this report, if this user may."""
    if not access.can(user, "case.open"):
        return None
    try:
        return reverse("cases:open_from_report", kwargs={"report_id": report.pk})
    except NoReverseMatch:
        return None


def _back(report: Report):
    return redirect("reports:detail", report_id=report.pk)


@staff_view("report.screen")
def queue(request):
    form = forms_staff.QueueFilterForm(request.GET)
    filters = form.filters()
    if request.GET and not form.is_valid():
        _form_errors(request, form)
    page = Paginator(queries.screening_queue(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    args = request.GET.copy()
    args.pop("page", None)
    return render(
        request,
        "intake/staff/queue.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "reports": [(r, queries.deadlines(r)) for r in page.object_list],
            "query": args.urlencode(),
            "can_enter": access.can(request.user, "report.enter"),
        },
    )


@never_cache
@staff_view("report.screen")
def detail(request, report_id):
    try:
        report = queries.report_for_staff(request.user, report_id)
    except Report.DoesNotExist:
        raise Http404("no such report") from None
    services_staff.report_open(report=report, actor=request.user)
    user = request.user
    return render(
        request,
        "intake/staff/detail.html",
        {
            "report": report,
            "deadlines": queries.deadlines(report),
            "attachments": report.attachments.order_by("created_at", "pk"),
            "conversation": report.messages.all(),
            "notes": report.notes.all(),
            "labels": report.labels.all(),
            "known_labels": Label.objects.values_list("name", flat=True),
            "selectors": report.selectors.order_by("kind", "pk"),
            "transitions": [
                Report.Status(s)
                for s in Report.Status.values
                if s in services_staff.TRANSITIONS[report.status] and s != Report.Status.CASE_OPENED
            ],
            "case_possible": Report.Status.CASE_OPENED in services_staff.TRANSITIONS[report.status],
            "case_open_url": _case_open_url(user, report),
            "assign_form": forms_staff.AssignForm(initial={"assignee": report.assigned_to_id}),
            "can_assign_others": access.can(user, "report.assign"),
            "can_hold": access.can(user, "report.legal_hold"),
            "can_shred": access.can(user, "report.shred")
            and report.status in services_staff.CLOSED_WITHOUT_CASE
            and not report.legal_hold,
            "can_open_attachments": access.can(user, "report.attachment_open"),
            "label_form": forms_staff.LabelForm(),
            "note_form": forms_staff.NoteForm(),
            "reply_form": forms_staff.ReplyForm(),
            "shred_form": forms_staff.ShredForm(),
            "to_reporter": ReportMessage.Direction.TO_REPORTER,
        },
    )


@staff_view("report.screen")
@require_POST
def status(request, report_id):
    report = _visible(request, report_id)
    form = forms_staff.StatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    new = form.cleaned_data["status"]
    run_action(
        request,
        lambda: services_staff.report_set_status(
            report=report, status=new, reason=form.cleaned_data["reason"], actor=request.user
        ),
        _("Status is nu ‘%(status)s’.") % {"status": Report.Status(new).label},
    )
    return _back(report)


@staff_view("report.screen")
@require_POST
def assign(request, report_id):
    report = _visible(request, report_id)
    data = request.POST.copy()
    if data.get("assignee") == "me":
        data["assignee"] = str(request.user.pk)
    form = forms_staff.AssignForm(data)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    assignee = form.cleaned_data["assignee"]
    run_action(
        request,
        lambda: services_staff.report_assign(report=report, assignee=assignee, actor=request.user),
        _("Toegewezen aan %(user)s.") % {"user": assignee.get_username()}
        if assignee
        else _("De melding is aan niemand meer toegewezen."),
    )
    return _back(report)


@staff_view("report.screen")
@require_POST
def label_add(request, report_id):
    report = _visible(request, report_id)
    form = forms_staff.LabelForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    name = form.cleaned_data["name"]
    run_action(
        request,
        lambda: services_staff.report_label_add(report=report, label_name=name, actor=request.user),
        _("Label ‘%(name)s’ toegevoegd.") % {"name": name},
    )
    return _back(report)


@staff_view("report.screen")
@require_POST
def label_remove(request, report_id):
    report = _visible(request, report_id)
    form = forms_staff.LabelForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    name = form.cleaned_data["name"]
    run_action(
        request,
        lambda: services_staff.report_label_remove(
            report=report, label_name=name, actor=request.user
        ),
        _("Label ‘%(name)s’ verwijderd.") % {"name": name},
    )
    return _back(report)


@staff_view("report.screen")
@require_POST
def note_add(request, report_id):
    report = _visible(request, report_id)
    form = forms_staff.NoteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    run_action(
        request,
        lambda: services_staff.report_note_add(
            report=report, body=form.cleaned_data["body"], actor=request.user
        ),
        _("Interne notitie opgeslagen. De melder ziet deze niet."),
    )
    return _back(report)


@staff_view("report.screen")
@require_POST
def reply(request, report_id):
    report = _visible(request, report_id)
    form = forms_staff.ReplyForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    run_action(
        request,
        lambda: services_staff.report_reply(
            report=report, body=form.cleaned_data["body"], actor=request.user
        ),
        _("Bericht verstuurd. De melder leest het met de ontvangstcode op /opvolgen/."),
    )
    return _back(report)


@staff_view("report.screen")
@require_POST
def feedback(request, report_id):
    report = _visible(request, report_id)
    run_action(
        request,
        lambda: services_staff.report_feedback_given(report=report, actor=request.user),
        _("Terugkoppeling aan de melder vastgelegd."),
    )
    return _back(report)


@staff_view("report.legal_hold")
@require_POST
def legal_hold(request, report_id):
    report = _visible(request, report_id)
    form = forms_staff.LegalHoldForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    hold = form.cleaned_data["hold"]
    run_action(
        request,
        lambda: services_staff.report_legal_hold_set(report=report, hold=hold, actor=request.user),
        _("Juridische bewaarplicht ingesteld: de melding wordt niet vernietigd.")
        if hold
        else _("Juridische bewaarplicht opgeheven."),
    )
    return _back(report)


@staff_view("report.shred")
@require_POST
def shred(request, report_id):
    report = _visible(request, report_id)
    form = forms_staff.ShredForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(report)
    run_action(
        request,
        lambda: services_staff.report_shred(report=report, actor=request.user),
        _("De inhoud van melding %(ref)s is vernietigd.") % {"ref": report.reference},
    )
    return _back(report)


@never_cache
@staff_view("report.attachment_open")
def attachment(request, report_id, attachment_id):
    """GET: a content warning. POST: the file, as a download, never inline."""
    report = _visible(request, report_id)
    item = get_object_or_404(
        Attachment.objects.select_related("blob", "report"), pk=attachment_id, report=report
    )
    if request.method == "POST":
        try:
            data = services_staff.attachment_open(attachment=item, actor=request.user)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
            return _back(report)
        response = HttpResponse(data, content_type="application/octet-stream")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=item.filename or f"bijlage-{item.pk}"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
    return render(request, "intake/staff/attachment.html", {"report": report, "attachment": item})


@never_cache
@staff_view("report.enter")
def enter(request):
    """A report received by phone or e-mail; shows the receipt code once."""
    if request.method == "POST":
        form = forms_staff.ReportEnterForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                submission = services_staff.report_enter(**data, actor=request.user)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                # Rendered, not redirected: the code must not land in a URL or a session.
                return render(
                    request,
                    "intake/staff/entered.html",
                    {"report": submission.report, "receipt_code": submission.receipt_code},
                )
        _form_errors(request, form)
    else:
        form = forms_staff.ReportEnterForm(
            initial={"submission_token": secrets.token_urlsafe(24), "source": "phone"}
        )
    return render(request, "intake/staff/enter.html", {"form": form})

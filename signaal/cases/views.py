import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from signaal.accounts import access
from signaal.accounts.access import staff_view
from signaal.accounts.models import User
from signaal.cases import forms, queries, services
from signaal.cases.models import Case, CaseTask, DossierExport, EvidenceItem
from signaal.staff.actions import act


def _workers():
    roles = [r for r in User.Role.values if r in access.PERMISSIONS["case.work"]]
    return User.objects.filter(is_active=True, role__in=roles).order_by("username")


def _visible_case(request, case_id) -> Case:
    return get_object_or_404(queries.cases_visible_to(request.user), pk=case_id)


@staff_view("case.view")
def case_list(request):
    cases = queries.cases_visible_to(request.user).prefetch_related("investigators")
    status = request.GET.get("status", "active")
    if status == "active":
        cases = cases.exclude(status__in=[Case.Status.CLOSED, Case.Status.HANDED_OVER])
    elif status in Case.Status.values:
        cases = cases.filter(status=status)
    return render(
        request,
        "cases/case_list.html",
        {"cases": cases, "status": status, "statuses": Case.Status.choices},
    )


@staff_view("case.open")
def case_open_from_report(request, report_id):
    from signaal.intake.queries import reports_visible_to

    report = get_object_or_404(reports_visible_to(request.user), pk=report_id)
    form = forms.CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Zaak {case.number} is geopend.")
            if access.can(request.user, "case.view"):
                return redirect(case)
            return redirect("reports:detail", report.pk)
    return render(request, "cases/case_open.html", {"form": form, "report": report})


@staff_view("case.work")
def case_create(request):
    form = forms.CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.case_create(actor=request.user, **form.cleaned_data)
        return redirect(case)
    return render(request, "cases/case_open.html", {"form": form, "report": None})


@staff_view("case.view")
def case_detail(request, case_id):
    case = _visible_case(request, case_id)
    services.case_view(case=case, actor=request.user)
    selectors = [
        (selector, queries.seen_elsewhere(selector, user=request.user))
        for selector in case.selectors.order_by("kind", "pk")
    ]
    context = {
        "case": case,
        "selectors": selectors,
        "evidence": case.evidence.select_related("acquired_by"),
        "tasks": case.tasks.select_related("assignee"),
        "notes": case.notes.select_related("author"),
        "timeline": queries.case_timeline(case),
        "handover": getattr(case, "handover", None),
        "exports": case.exports.all()[:5],
        "status_form": forms.StatusForm(initial={"status": case.status}),
        "note_form": forms.NoteForm(),
        "task_form": forms.TaskForm(workers=_workers()),
        "selector_form": forms.SelectorForm(),
        "upload_form": forms.EvidenceUploadForm(),
        "assign_form": forms.AssignForm(
            workers=_workers(), initial={"investigators": case.investigators.all()}
        ),
        "handover_form": forms.HandoverForm(),
        "can_assign": access.can(request.user, "case.assign"),
        "can_approve": access.can(request.user, "case.approve_handover"),
    }
    return render(request, "cases/case_detail.html", context)


@staff_view("case.work")
@require_POST
def case_status(request, case_id):
    case = _visible_case(request, case_id)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een geldige status.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.case_set_status(
            case=case,
            status=form.cleaned_data["status"],
            closing_reason=form.cleaned_data["closing_reason"],
            actor=request.user,
        ),
        ok="Status bijgewerkt.",
    )


@staff_view("case.assign")
@require_POST
def case_assign(request, case_id):
    case = _visible_case(request, case_id)
    form = forms.AssignForm(request.POST, workers=_workers())
    if not form.is_valid():
        messages.error(request, "Kies rechercheurs uit de lijst.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.case_assign(
            case=case, investigators=form.cleaned_data["investigators"], actor=request.user
        ),
        ok="Toewijzing bijgewerkt.",
    )


@staff_view("case.work")
@require_POST
def case_note_add(request, case_id):
    case = _visible_case(request, case_id)
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Een notitie kan niet leeg zijn en is maximaal 20.000 tekens.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.case_note_add(
            case=case, body=form.cleaned_data["body"], actor=request.user
        ),
        ok="Notitie toegevoegd.",
    )


@staff_view("case.work")
@require_POST
def case_task_add(request, case_id):
    case = _visible_case(request, case_id)
    form = forms.TaskForm(request.POST, workers=_workers())
    if not form.is_valid():
        messages.error(request, "Geef de taak een titel en kies een geldige datum en persoon.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.case_task_add(case=case, actor=request.user, **form.cleaned_data),
        ok="Taak toegevoegd.",
    )


@staff_view("case.work")
@require_POST
def case_task_status(request, case_id, task_id):
    case = _visible_case(request, case_id)
    task = get_object_or_404(CaseTask, pk=task_id, case=case)
    form = forms.TaskStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Onbekende taakstatus.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.case_task_set_status(
            task=task, status=form.cleaned_data["status"], actor=request.user
        ),
        ok="Taak bijgewerkt.",
    )


@staff_view("case.work")
@require_POST
def case_selector_add(request, case_id):
    case = _visible_case(request, case_id)
    form = forms.SelectorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een soort en vul een waarde in.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.case_selector_add(case=case, actor=request.user, **form.cleaned_data),
        ok="Selector toegevoegd.",
    )


@staff_view("case.work")
@require_POST
def evidence_upload(request, case_id):
    case = _visible_case(request, case_id)
    form = forms.EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Kies een bestand en vermeld de herkomst.")
        return redirect(case)
    upload = form.cleaned_data["file"]
    return act(
        request,
        case,
        lambda: services.evidence_add_upload(
            case=case,
            filename=upload.name,
            data=upload.read(),
            content_type=upload.content_type,
            description=form.cleaned_data["description"],
            source=form.cleaned_data["source"],
            actor=request.user,
        ),
        ok="Bewijsstuk toegevoegd.",
    )


@staff_view("case.view")
def evidence_view(request, case_id, item_id):
    """A content warning first; the file only after an explicit action (POST)."""
    case = _visible_case(request, case_id)
    item = get_object_or_404(EvidenceItem, pk=item_id, case=case)
    if request.method != "POST":
        return render(request, "cases/evidence_warning.html", {"case": case, "item": item})
    data = services.evidence_open(item=item, actor=request.user)
    if request.POST.get("as") == "blurred" and item.is_image:
        uri = f"data:{item.content_type};base64,{base64.b64encode(data).decode()}"
        response = render(
            request, "cases/evidence_image.html", {"case": case, "item": item, "uri": uri}
        )
    else:
        response = HttpResponse(data, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{item.exhibit_number}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view("case.approve_handover")
@require_POST
def case_approve(request, case_id):
    case = _visible_case(request, case_id)
    return act(
        request,
        case,
        lambda: services.case_approve_handover(case=case, actor=request.user),
        ok="Overdracht goedgekeurd. Exporteer nu het dossier.",
    )


@staff_view("case.export")
@require_POST
def case_export(request, case_id):
    from signaal.dossiers.services import DossierError, dossier_export

    case = _visible_case(request, case_id)
    try:
        export = dossier_export(case=case, actor=request.user)
    except (ValidationError, DossierError) as e:
        messages.error(
            request, f"Het dossier is niet gemaakt: {' '.join(getattr(e, 'messages', [str(e)]))}"
        )
    else:
        messages.success(request, f"Dossier gemaakt (SHA-256 {export.sha256}).")
    return redirect(case)


@staff_view("case.export")
@require_POST
def export_download(request, case_id, export_id):
    from signaal.dossiers.services import dossier_download

    case = _visible_case(request, case_id)
    export = get_object_or_404(DossierExport, pk=export_id, case=case)
    response = HttpResponse(
        dossier_download(export=export, actor=request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="dossier-{case.number}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view("case.approve_handover")
@require_POST
def case_handover(request, case_id):
    case = _visible_case(request, case_id)
    form = forms.HandoverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vul eenheid, kenmerk en een geldige datum in.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.case_hand_over(case=case, actor=request.user, **form.cleaned_data),
        ok="Overdracht vastgelegd.",
    )


@staff_view("case.work")
@require_POST
def evidence_add_ad(request, case_id):
    """Add a crawled ad, named by its number, key or URL, as an exhibit."""
    from signaal.crawling.models import Ad

    case = _visible_case(request, case_id)
    if not access.can(request.user, "ads.view"):
        raise PermissionDenied("ads.view")
    wanted = (request.POST.get("ad") or "").strip()
    ad = None
    if wanted.isdigit():
        ad = Ad.objects.filter(pk=int(wanted)).first()
    elif wanted:
        ad = Ad.objects.filter(Q(key=wanted) | Q(url=wanted)).first()
    if ad is None:
        messages.error(request, "Geen advertentie gevonden met dat nummer of die URL.")
        return redirect(case)
    return act(
        request,
        case,
        lambda: services.evidence_add_ad(case=case, ad=ad, actor=request.user),
        ok="Advertentie toegevoegd als bewijsstuk.",
    )

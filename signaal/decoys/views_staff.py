"""Staff pages for decoys: deployments, approvals, kill switch, channels, figures,
conversation import and view. Thin: services decide, queries decide visibility."""

import csv
import json
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from signaal.accounts import access
from signaal.accounts.access import staff_view
from signaal.decoys import forms, queries, services
from signaal.decoys.models import Deployment
from signaal.intake.upload_handlers import TOO_LARGE, MemoryOnlyUploadHandler
from signaal.staff.actions import act


def _visible(request, deployment_id) -> Deployment:
    return get_object_or_404(queries.deployments_visible_to(request.user), pk=deployment_id)


@staff_view("decoy.view")
def overview(request):
    deployments = list(queries.deployments_visible_to(request.user).prefetch_related("approvals"))
    per = queries.figures([d for d in deployments if d.kind == Deployment.Kind.AD])
    rows = [
        {"deployment": d, "status": queries.live_status(d), "figures": per.get(d.pk)}
        for d in deployments
    ]
    return render(
        request,
        "decoys/overview.html",
        {
            "rows": rows,
            "totals": queries.totals(per),
            "may_manage": access.can(request.user, "decoy.manage"),
        },
    )


@staff_view("decoy.view")
def export_figures(request):
    """Figures per decoy ad as CSV, every count below 5 shown as '<5'."""
    deployments = list(queries.deployments_visible_to(request.user).filter(kind=Deployment.Kind.AD))
    per = queries.figures(deployments)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lokadvertenties.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "inzet",
            "bezoeken landingspagina",
            "eerste contacten",
            "herhaalde contacten",
            "berichten",
            "klanten gewaarschuwd",
        ]
    )
    for d in deployments:
        f = per[d.pk]
        writer.writerow(
            [
                d.name,
                *(
                    queries.small(n)
                    for n in (
                        f.landing_views,
                        f.contacts,
                        f.repeat_contacts,
                        f.messages_in,
                        f.warned,
                    )
                ),
            ]
        )
    t = queries.totals(per)
    writer.writerow(
        [
            "totaal",
            *(
                queries.small(n)
                for n in (t.landing_views, t.contacts, t.repeat_contacts, t.messages_in, t.warned)
            ),
        ]
    )
    return response


@staff_view("decoy.manage")
def create(request):
    form = forms.DeploymentForm(
        request.POST or None, initial={"kind": request.GET.get("kind", "ad")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            deployment = services.deployment_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request, "Inzet vastgelegd. Twee verschillende coördinatoren moeten hem goedkeuren."
            )
            return redirect(deployment)
    return render(request, "decoys/create.html", {"form": form})


@staff_view("decoy.view")
def detail(request, deployment_id):
    deployment = _visible(request, deployment_id)
    context = {
        "deployment": deployment,
        "status": queries.live_status(deployment),
        "approvals": deployment.approvals.select_related("approver"),
        "may_approve": access.can(request.user, "decoy.approve")
        and not deployment.approvals.filter(approver=request.user).exists()
        and not deployment.stopped_at,
        "may_manage": access.can(request.user, "decoy.manage"),
        "may_import": access.can(request.user, "decoy.import"),
        "events": queries.deployment_events(deployment)[:30],
        "media": deployment.media.filter(conversation__isnull=True)[:50],
        "stop_form": forms.StopForm(),
        "refer_form": forms.ReferForm(),
    }
    if deployment.kind == Deployment.Kind.AD:
        context["figures"] = queries.figures([deployment]).get(deployment.pk)
        context["channels"] = deployment.channels.all()
        context["outbound"] = queries.outbound_for(deployment)
        context["channel_form"] = forms.ChannelForm()
    else:
        context["conversations"] = deployment.conversations.select_related("imported_by")
        context["operators"] = deployment.operators.order_by("username")
    return render(request, "decoys/detail.html", context)


@staff_view("decoy.approve")
@require_POST
def approve(request, deployment_id):
    deployment = _visible(request, deployment_id)
    return act(
        request,
        deployment,
        lambda: services.deployment_approve(deployment=deployment, actor=request.user),
        ok="Goedkeuring vastgelegd.",
    )


@staff_view("decoy.manage")
@require_POST
def stop(request, deployment_id):
    deployment = _visible(request, deployment_id)
    form = forms.StopForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act(
        request,
        deployment,
        lambda: services.deployment_stop(deployment=deployment, reason=reason, actor=request.user),
        ok="Noodstop: de inzet doet vanaf nu niets meer.",
    )


@staff_view("decoy.manage")
@require_POST
def channel(request, deployment_id):
    deployment = _visible(request, deployment_id)
    form = forms.ChannelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een provider en vul geldige waarden in.")
        return redirect(deployment)
    values = dict(form.cleaned_data)
    provider = values.pop("provider")
    return act(
        request,
        deployment,
        lambda: services.channel_set(
            deployment=deployment, provider=provider, values=values, actor=request.user
        ),
        ok=f"Kanaal {provider} opgeslagen.",
    )


def _memory_only_uploads(view):
    """Uploads stay in memory with a 20 MB cap; set the handler before CSRF reads the body."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers = [
            MemoryOnlyUploadHandler(request, max_file_bytes=services.MAX_IMPORT_BYTES, max_files=1)
        ]
        return protected(request, *args, **kwargs)

    return wrapped


@_memory_only_uploads
@staff_view("decoy.import")
def conversation_import(request, deployment_id):
    deployment = get_object_or_404(
        queries.deployments_visible_to(request.user).filter(kind=Deployment.Kind.PROFILE),
        pk=deployment_id,
    )
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if getattr(upload, "refused", None) == TOO_LARGE:
            form.add_error("file", "Het bestand is groter dan 20 MB.")
        elif getattr(upload, "refused", None):
            form.add_error("file", "Kies één bestand.")
        else:
            try:
                conversation = services.conversation_import(
                    deployment=deployment,
                    filename=upload.name,
                    data=upload.read(),
                    decoy_name=form.cleaned_data["decoy_name"],
                    tz=form.cleaned_data["tz"],
                    actor=request.user,
                )
            except ValidationError as e:
                if hasattr(e, "error_dict"):
                    for field, errors in e.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, e)
            else:
                n = conversation.problem_count
                messages.success(
                    request,
                    "Gesprek geïmporteerd."
                    + (
                        f" Let op: {n} regel(s) konden niet worden gelezen; zie het overzicht."
                        if n
                        else ""
                    ),
                )
                return redirect(conversation)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "decoys/import.html", {"form": form, "deployment": deployment}, status=status
    )


@staff_view("decoy.view")
def conversation(request, conversation_id):
    conversation = get_object_or_404(
        queries.conversations_visible_to(request.user).select_related("deployment"),
        pk=conversation_id,
    )
    selectors = [
        (s, queries.selector_matches(s, user=request.user)) for s in conversation.selectors.all()
    ]
    return render(
        request,
        "decoys/conversation.html",
        {
            "conversation": conversation,
            "deployment": conversation.deployment,
            "messages_": queries.conversation_messages(conversation),
            "problems": json.loads(conversation.problems or "[]"),
            "system_lines": json.loads(conversation.system_lines or "[]"),
            "counterparts": json.loads(conversation.counterparts or "[]"),
            "first_raised": queries.first_raised_rows(conversation),
            "selectors": selectors,
            "media": conversation.media.all(),
            "add_form": forms.AddToCaseForm(user=request.user)
            if access.can(request.user, "case.work")
            else None,
            "refer_form": forms.ReferForm(),
            "may_manage": access.can(request.user, "decoy.manage"),
        },
    )


@staff_view("decoy.view")
@require_POST
def add_to_case(request, conversation_id):
    conversation = get_object_or_404(
        queries.conversations_visible_to(request.user), pk=conversation_id
    )
    form = forms.AddToCaseForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Kies een zaak die je kunt zien.")
        return redirect(conversation)
    case = form.cleaned_data["case"]
    return act(
        request,
        conversation,
        lambda: services.evidence_add_conversation(
            conversation=conversation, case=case, actor=request.user
        ),
        ok=f"Gesprek toegevoegd als bewijsstuk aan {case.number}.",
    )


@staff_view("decoy.manage")
@require_POST
def media_refer(request, media_id):
    media = get_object_or_404(queries.media_visible_to(request.user), pk=media_id)
    form = forms.ReferForm(request.POST)
    reference = form.cleaned_data["reference"] if form.is_valid() else ""
    target = media.conversation or media.deployment
    return act(
        request,
        target,
        lambda: services.media_refer(media=media, reference=reference, actor=request.user),
        ok="Bestand gemarkeerd als doorverwezen naar de politie.",
    )

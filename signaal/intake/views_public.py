"""Public Meldpunt pages: the report form, the receipt and the follow-up.

No accounts and no session: the report form carries a one-time submission
token, the follow-up page carries the receipt code in a hidden POST field.
Uploads stay in memory (`MemoryOnlyUploadHandler`), so the views that take
files set their upload handlers before CSRF protection reads the body.
"""

import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from signaal.intake import ratelimit, receipts, services, uploads
from signaal.intake.forms_public import (
    ReceiptCodeForm,
    ReporterMessageForm,
    ReportForm,
    new_submission_token,
)
from signaal.intake.models import Report, ReportMessage
from signaal.intake.upload_handlers import MemoryOnlyUploadHandler

logger = logging.getLogger(__name__)

REPORT_SCOPE = "report"
FOLLOWUP_SCOPE = "followup"


def _memory_only_uploads(view):
    """Set the in-memory upload handler, then check CSRF (see Django's upload handler docs)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return wrapped


def _form_page(request, form, status=200, **extra):
    context = {"form": form, "max_files": uploads.MAX_FILES, **extra}
    return render(request, "intake/public/report_form.html", context, status=status)


def _rate_limited(request):
    return render(request, "intake/public/rate_limited.html", status=429)


def _already_submitted(token: str) -> bool:
    return Report.objects.filter(submission_digest=receipts.submission_digest(token)).exists()


@never_cache
@require_http_methods(["GET", "POST"])
@_memory_only_uploads
def report_form(request):
    """GET: an empty form with a fresh token. POST: store, then show the receipt."""
    if request.method == "GET":
        form = ReportForm(initial={"submission_token": new_submission_token()})
        return _form_page(request, form)

    form = ReportForm(request.POST, request.FILES)
    limit = settings.REPORT_SUBMIT_LIMIT_PER_HOUR
    if form.is_trap:
        # Looks like success to the bot; nothing is stored, no code exists.
        ratelimit.hit(request, REPORT_SCOPE)
        return render(request, "intake/public/thanks.html")
    if not form.is_valid():
        if "submission_token" in form.errors:
            # An expired or tampered form: the next try gets a fresh token.
            form.data = form.data.copy()
            form.data["submission_token"] = new_submission_token()
        return _form_page(request, form, had_files=bool(request.FILES))
    token = form.cleaned_data["submission_token"]
    if ratelimit.exceeded(request, REPORT_SCOPE, limit) and not _already_submitted(token):
        return _rate_limited(request)
    try:
        submission = services.report_submit(**form.submit_arguments())
    except ValidationError as e:
        for field, messages in e.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _form_page(request, form, had_files=bool(request.FILES))
    except DatabaseError as e:
        # Nothing was stored (the service is atomic): say so and keep what they wrote.
        logger.error("report submit failed: %s", type(e).__name__)
        return _form_page(
            request, form, status=503, save_failed=True, had_files=bool(request.FILES)
        )
    if submission.created:
        ratelimit.hit(request, REPORT_SCOPE)
    return render(
        request,
        "intake/public/receipt.html",
        {"receipt_code": submission.receipt_code, "danger_now": submission.report.danger_now},
    )


def _conversation(report: Report) -> list[dict]:
    """What the reporter may see: their report and the messages, never internal notes."""
    items = []
    for message in report.messages.prefetch_related("attachments"):
        items.append(
            {
                "from_reporter": message.direction == ReportMessage.Direction.FROM_REPORTER,
                "created_at": message.created_at,
                "body": message.body,
                "file_count": len(message.attachments.all()),
            }
        )
    return items


def _conversation_page(
    request, report, code, *, form=None, sent=False, save_failed=False, status=200
):
    context = {
        "report": report,
        "report_file_count": report.attachments.filter(message__isnull=True).count(),
        "conversation": _conversation(report),
        "form": form
        or ReporterMessageForm(initial={"code": code, "message_token": new_submission_token()}),
        "sent": sent,
        "save_failed": save_failed,
        "max_files": uploads.MAX_FILES,
    }
    return render(request, "intake/public/follow_up.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@_memory_only_uploads
def follow_up(request):
    """A POST-only flow: the code travels in the form, never in a URL or a cookie."""
    if request.method == "GET":
        return render(request, "intake/public/follow_up_code.html", {"form": ReceiptCodeForm()})

    limit = settings.FOLLOWUP_TRY_LIMIT_PER_HOUR
    if ratelimit.exceeded(request, FOLLOWUP_SCOPE, limit):
        return _rate_limited(request)
    code_form = ReceiptCodeForm(request.POST)
    if not code_form.is_valid():
        return render(request, "intake/public/follow_up_code.html", {"form": code_form})
    code = code_form.cleaned_data["code"]
    report = services.report_for_receipt(code)
    if report is None:
        ratelimit.hit(request, FOLLOWUP_SCOPE)
        context = {"form": ReceiptCodeForm(), "not_found": True}
        return render(request, "intake/public/follow_up_code.html", context)

    if "send" not in request.POST:
        return _conversation_page(request, report, code)
    form = ReporterMessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _conversation_page(request, report, code, form=form)
    try:
        services.reporter_message_add(
            report=report,
            body=form.cleaned_data["body"],
            files=form.cleaned_data["files"],
            submission_token=form.cleaned_data["message_token"],
        )
    except DatabaseError as e:
        logger.error("reporter message failed: %s", type(e).__name__)
        return _conversation_page(request, report, code, form=form, save_failed=True, status=503)
    return _conversation_page(request, report, code, sent=True)

from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from signaal.accounts.access import staff_view
from signaal.audit import services as audit
from signaal.staff.queries import queue_counts


@staff_view("staff.home")
def home(request):
    return render(request, "staff/home.html", {"queues": queue_counts(request.user)})


@require_POST
def logout_view(request):
    # Logging out is allowed in any state, also half logged in (no second factor yet).
    logout(request)
    return redirect("two_factor:login")


@staff_view("audit.verify")
def audit_status(request):
    result = audit.verify()
    audit.record(actor=request.user, action="audit.verify", details={"ok": result.ok})
    return render(request, "staff/audit_status.html", {"result": result})

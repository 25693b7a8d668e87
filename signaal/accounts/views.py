import secrets

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from signaal.accounts import services
from signaal.accounts.access import staff_view
from signaal.accounts.forms import StaffCreateForm
from signaal.accounts.models import User


@staff_view("users.manage")
def user_list(request):
    users = User.objects.order_by("-is_active", "username")
    return render(request, "accounts/user_list.html", {"users": users})


@staff_view("users.manage")
def user_create(request):
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = secrets.token_urlsafe(15)
        try:
            enrolment = services.staff_create(
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                email=form.cleaned_data["email"],
                password=password,
                actor=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            # Shown once, in this response only: nothing to bookmark or reload.
            qr = segno.make(enrolment.uri, error="m").svg_data_uri(scale=5)
            response = render(
                request,
                "accounts/user_created.html",
                {"enrolment": enrolment, "password": password, "qr": qr},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/user_create.html", {"form": form})


@staff_view("users.manage")
@require_POST
def user_set_active(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    active = request.POST.get("active") == "1"
    try:
        services.staff_set_active(user=user, active=active, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Account bijgewerkt."))
    return redirect("users:list")

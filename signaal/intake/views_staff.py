"""Staff screening pages (to be built: issue 3)."""

from django.shortcuts import render

from signaal.accounts.access import staff_view


@staff_view("report.screen")
def queue(request):
    return render(request, "staff/home.html", {"queues": []})

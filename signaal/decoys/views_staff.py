"""Staff pages for decoys (to be built: issue 7)."""

from django.shortcuts import render

from signaal.accounts.access import staff_view


@staff_view("decoy.view")
def overview(request):
    return render(request, "staff/home.html", {"queues": []})

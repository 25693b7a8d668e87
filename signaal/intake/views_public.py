"""Public Meldpunt pages (to be built: issue 3)."""

from django.shortcuts import render


def report_form(request):
    return render(request, "public/home.html")


def follow_up(request):
    return render(request, "public/home.html")

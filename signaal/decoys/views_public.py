"""Decoy-ad landing pages (to be built: issue 7)."""

from django.http import Http404


def landing(request, slug):
    raise Http404

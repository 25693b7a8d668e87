"""Decoy-ad landing pages: the deterrence message of a live deployment, or a neutral 404."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from signaal.decoys import services, texts
from signaal.decoys.models import Deployment


@require_GET
def landing(request, slug):
    deployment = Deployment.objects.filter(slug=slug, kind=Deployment.Kind.AD).first()
    if deployment is None or not services.landing_view(deployment=deployment):
        raise Http404
    response = render(
        request,
        "decoys/public/landing.html",
        {
            "deterrence_nl": deployment.deterrence_nl or texts.DETERRENCE_NL,
            "deterrence_en": deployment.deterrence_en or texts.DETERRENCE_EN,
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

"""Provider webhooks for decoy responders (to be built: issue 7)."""

from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def webhook(request, provider, slug):
    return HttpResponseForbidden()

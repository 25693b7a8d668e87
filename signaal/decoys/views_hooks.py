"""Provider webhooks for decoy responders: HTTP in, `services.hook_receive` decides.

CSRF-exempt (providers cannot send a token): the provider's signature over the
raw body is the authentication. No client address is read.
"""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from signaal.decoys import services

MAX_HOOK_BYTES = 256 * 1024


@csrf_exempt
def webhook(request, provider, slug):
    if request.method == "GET":
        answer = services.hook_verify_subscription(
            provider=provider, slug=slug, params=request.GET.dict()
        )
    elif request.method == "POST":
        length = request.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_HOOK_BYTES:
            return HttpResponse(status=413)
        answer = services.hook_receive(
            provider=provider,
            slug=slug,
            method=request.method,
            url=request.build_absolute_uri(),
            headers=dict(request.headers),
            body=request.body,
        )
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)

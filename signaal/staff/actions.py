"""Running a staff action from a view: a refusal is a message, never a 500."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def run_action(request, action, ok: str) -> bool:
    """Call a service; its refusal (ValidationError) becomes messages the user can act on."""
    try:
        action()
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
        return False
    messages.success(request, ok)
    return True


def act(request, target, action, *, ok: str):
    """`run_action`, then back to `target` (a model with get_absolute_url, or a URL)."""
    run_action(request, action, ok)
    return redirect(target)

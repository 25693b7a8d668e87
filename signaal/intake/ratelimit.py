"""Per-client rate limits for the public Meldpunt pages, without storing addresses.

The client is known only by a keyed digest of its address that changes every
hour (`vault.keys.digest`), kept in Django's cache with an expiry: never in the
database, never in a log. Counts are per scope ("report", "followup").
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from signaal.vault import keys

WINDOW_SECONDS = 3600


def client_key(request, scope: str) -> str:
    """The cache key for this client in this scope and this hour: a digest, no address."""
    hour = timezone.now().strftime("%Y%m%d%H")
    address = request.META.get(settings.CLIENT_ADDRESS_META, "")
    return keys.digest(f"ratelimit:{scope}:{hour}", address)


def count(request, scope: str) -> int:
    return cache.get(client_key(request, scope), 0)


def exceeded(request, scope: str, limit: int) -> bool:
    """True when this client has used up `limit` counted actions this hour."""
    return count(request, scope) >= limit


def hit(request, scope: str) -> int:
    """Count one action for this client; returns the new count."""
    key = client_key(request, scope)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        # Expired between add and incr: start again.
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1

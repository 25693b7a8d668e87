"""Test settings: Signaal's own, plus a test-only app with an encrypted field."""

from signaal.config.settings import *  # noqa: F403
from signaal.config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.vaulttest"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
# Test traffic goes to loopback only.
CRAWL_ALLOWED_NETWORK = "loopback"

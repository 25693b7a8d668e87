from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from signaal.staff.urls import two_factor_urls

# Public pages in Dutch at the root and in English under /en/; the language
# comes from the URL alone, so switching sets no cookie.
urlpatterns = [
    path("staff/reports/", include("signaal.intake.urls_staff")),
    path("staff/ads/", include("signaal.crawling.urls")),
    path("staff/users/", include("signaal.accounts.urls")),
    path("staff/cases/", include("signaal.cases.urls")),
    path("staff/decoys/", include("signaal.decoys.urls_staff")),
    # Provider webhooks and decoy landing pages: fixed paths, never translated.
    path("hooks/", include("signaal.decoys.urls_hooks")),
    path("", include("signaal.decoys.urls_public")),
    path("staff/", include("signaal.staff.urls")),
    path("staff/", include(two_factor_urls)),
    *i18n_patterns(
        path("", include("signaal.public.urls")),
        path("", include("signaal.intake.urls_public")),
        prefix_default_language=False,
    ),
]

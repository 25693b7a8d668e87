from django.urls import path
from two_factor import views as two_factor_views

from signaal.staff import views

# Only the two-factor pages staff need: login, enrolling a device, its QR image.
two_factor_urls = (
    [
        path("login/", two_factor_views.LoginView.as_view(), name="login"),
        path("two-factor/setup/", two_factor_views.SetupView.as_view(), name="setup"),
        path("two-factor/qrcode/", two_factor_views.QRGeneratorView.as_view(), name="qr"),
        path(
            "two-factor/setup/complete/",
            two_factor_views.SetupCompleteView.as_view(),
            name="setup_complete",
        ),
    ],
    "two_factor",
)

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("logout/", views.logout_view, name="logout"),
    path("audit/", views.audit_status, name="audit_status"),
]

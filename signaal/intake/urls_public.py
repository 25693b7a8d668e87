from django.urls import path

from signaal.intake import views_public

app_name = "intake"
urlpatterns = [
    path("melden/", views_public.report_form, name="report"),
    path("opvolgen/", views_public.follow_up, name="follow_up"),
]

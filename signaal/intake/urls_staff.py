from django.urls import path

from signaal.intake import views_staff

app_name = "reports"
urlpatterns = [
    path("", views_staff.queue, name="queue"),
]

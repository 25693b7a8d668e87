from django.urls import path

from signaal.decoys import views_staff

app_name = "decoys"
urlpatterns = [
    path("", views_staff.overview, name="overview"),
]

from django.urls import path

from signaal.decoys import views_public

app_name = "decoys_public"
urlpatterns = [
    path("l/<slug:slug>/", views_public.landing, name="landing"),
]

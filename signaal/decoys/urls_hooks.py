from django.urls import path

from signaal.decoys import views_hooks

app_name = "hooks"
urlpatterns = [
    path("<str:provider>/<slug:slug>/", views_hooks.webhook, name="webhook"),
]

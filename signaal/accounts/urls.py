from django.urls import path

from signaal.accounts import views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_create, name="create"),
    path("<int:user_id>/active/", views.user_set_active, name="set_active"),
]

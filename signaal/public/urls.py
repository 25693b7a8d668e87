from django.urls import path

from signaal.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("hulp/", views.help_page, name="help"),
    path("loverboys/", views.loverboys, name="loverboys"),
    path("signalen/", views.signs, name="signs"),
    path("grooming/", views.grooming, name="grooming"),
]

from django.urls import path

from signaal.crawling import views

app_name = "ads"
urlpatterns = [
    path("", views.ad_list, name="list"),
]

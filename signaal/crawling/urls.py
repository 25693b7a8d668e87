from django.urls import path

from signaal.crawling import views

app_name = "ads"
urlpatterns = [
    path("", views.ad_list, name="list"),
    path("<int:ad_id>/", views.ad_detail, name="detail"),
    path("sources/", views.source_list, name="sources"),
    path("sources/sync/", views.sources_sync, name="sources_sync"),
    path("sources/<int:source_id>/crawl/", views.source_crawl, name="source_crawl"),
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
]

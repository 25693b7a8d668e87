from django.urls import path

from signaal.decoys import views_staff

app_name = "decoys"
urlpatterns = [
    path("", views_staff.overview, name="overview"),
    path("export.csv", views_staff.export_figures, name="export"),
    path("new/", views_staff.create, name="create"),
    path("<int:deployment_id>/", views_staff.detail, name="detail"),
    path("<int:deployment_id>/approve/", views_staff.approve, name="approve"),
    path("<int:deployment_id>/stop/", views_staff.stop, name="stop"),
    path("<int:deployment_id>/channel/", views_staff.channel, name="channel"),
    path("<int:deployment_id>/import/", views_staff.conversation_import, name="import"),
    path("conversations/<int:conversation_id>/", views_staff.conversation, name="conversation"),
    path(
        "conversations/<int:conversation_id>/to-case/", views_staff.add_to_case, name="add_to_case"
    ),
    path("media/<int:media_id>/refer/", views_staff.media_refer, name="media_refer"),
]

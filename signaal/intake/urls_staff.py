from django.urls import path

from signaal.intake import views_staff

app_name = "reports"
urlpatterns = [
    path("", views_staff.queue, name="queue"),
    path("new/", views_staff.enter, name="enter"),
    path("<int:report_id>/", views_staff.detail, name="detail"),
    path("<int:report_id>/status/", views_staff.status, name="status"),
    path("<int:report_id>/assign/", views_staff.assign, name="assign"),
    path("<int:report_id>/labels/add/", views_staff.label_add, name="label_add"),
    path("<int:report_id>/labels/remove/", views_staff.label_remove, name="label_remove"),
    path("<int:report_id>/notes/", views_staff.note_add, name="note_add"),
    path("<int:report_id>/replies/", views_staff.reply, name="reply"),
    path("<int:report_id>/feedback/", views_staff.feedback, name="feedback"),
    path("<int:report_id>/legal-hold/", views_staff.legal_hold, name="legal_hold"),
    path("<int:report_id>/shred/", views_staff.shred, name="shred"),
    path(
        "<int:report_id>/attachments/<int:attachment_id>/",
        views_staff.attachment,
        name="attachment",
    ),
]

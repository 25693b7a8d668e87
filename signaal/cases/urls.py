from django.urls import path

from signaal.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("from-report/<int:report_id>/", views.case_open_from_report, name="open_from_report"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/status/", views.case_status, name="status"),
    path("<int:case_id>/assign/", views.case_assign, name="assign"),
    path("<int:case_id>/notes/", views.case_note_add, name="note_add"),
    path("<int:case_id>/tasks/", views.case_task_add, name="task_add"),
    path("<int:case_id>/tasks/<int:task_id>/", views.case_task_status, name="task_status"),
    path("<int:case_id>/selectors/", views.case_selector_add, name="selector_add"),
    path("<int:case_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:case_id>/evidence/<int:item_id>/", views.evidence_view, name="evidence"),
    path("<int:case_id>/evidence/ad/", views.evidence_add_ad, name="evidence_add_ad"),
    path("<int:case_id>/approve/", views.case_approve, name="approve"),
    path("<int:case_id>/export/", views.case_export, name="export"),
    path("<int:case_id>/exports/<int:export_id>/", views.export_download, name="export_download"),
    path("<int:case_id>/handover/", views.case_handover, name="handover"),
]

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("queue/", views.review_queue, name="queue"),
    path("<int:pk>/", views.report_page, name="report"),
    path("<int:pk>/act/", views.report_act, name="act"),
    path("<int:pk>/amount/<int:target>/", views.amount_echo, name="amount"),
    path("<int:pk>/compare/", views.report_compare, name="compare"),
    path("plans/<int:pk>/calendar/", views.plan_calendar, name="calendar"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]

"""Mounted at plans/ beside plans' own urls: the paths are the ones users bookmarked."""

from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("import/", views.plan_import, name="import"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/review/", views.plan_review, name="review"),
    path("<int:pk>/publish-bar/", views.publish_bar, name="publish_bar"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("tasks/<int:pk>/principal/", views.task_principal, name="task_principal"),
    path("inbox/", views.inbox, name="inbox"),
]

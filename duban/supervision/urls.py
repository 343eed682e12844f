from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tasks/<int:pk>/", views.task_page, name="task"),
    path("tasks/<int:pk>/override/", views.override, name="override"),
]

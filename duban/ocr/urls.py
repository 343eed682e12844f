from django.urls import path

from . import views

app_name = "ocr"

urlpatterns = [
    path("<int:pk>/", views.job_status, name="job"),
    path("<int:pk>/retry/", views.job_retry, name="retry"),
]

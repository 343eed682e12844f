from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.digest, name="digest"),
    path("preferences/", views.preferences, name="preferences"),
    path("ladder/", views.ladder, name="ladder"),
    path("ladder/plans/<int:plan_pk>/", views.ladder, name="plan_ladder"),
]

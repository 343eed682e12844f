from django.urls import path

from . import views

app_name = "items"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/extension/", views.extend, name="extend"),
    path("extensions/<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/close/", views.close, name="close"),
]

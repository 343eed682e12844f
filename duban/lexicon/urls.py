from django.urls import path

from . import views

app_name = "lexicon"

urlpatterns = [
    path("", views.term_list, name="list"),
    path("<int:pk>/edit/", views.term_edit, name="edit"),
    path("<int:pk>/delete/", views.term_delete, name="delete"),
    path("export/", views.export, name="export"),
    path("import/", views.import_, name="import"),
]

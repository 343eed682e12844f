from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("plans/<int:pk>/report/", views.report, name="report"),
    path("plans/<int:pk>/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("ledger/import/", views.ledger_import, name="ledger_import"),
]

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from duban.api.api import api
from duban.core import views as core_views
from duban.ops import views as ops_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("duban.accounts.urls")),
    path("units/", include("duban.units.urls")),
    path("", core_views.home, name="home"),
    path("healthz", ops_views.healthz, name="healthz"),
    # Each app adds its own include line below.
    path("plans/import/ocr/", include("duban.ocr.urls")),
    # The plans/ pages that show the reporting side or start OCR (desk), then plans' own.
    path("plans/", include("duban.desk.urls")),
    path("plans/", include("duban.plans.urls")),
    path("reports/", include("duban.reports.urls")),
    path("supervision/", include("duban.supervision.urls")),
    path("lexicon/", include("duban.lexicon.urls")),
    path("exports/", include("duban.exports.urls")),
    path("cockpit/", include("duban.cockpit.urls")),
    path("items/", include("duban.items.urls")),
    path("reminders/", include("duban.reminders.urls")),
    path("api/", api.urls),
]

# Bad requests (a body over the size limit included) answer in Chinese, JSON under /api/.
handler400 = "duban.core.views.bad_request"

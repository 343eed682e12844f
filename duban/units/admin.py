from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Unit, UnitGroup


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "full_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "full_name"]


@admin.register(UnitGroup)
class UnitGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind_rule"]
    filter_horizontal = ["members"]

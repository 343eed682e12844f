"""plans' own pages. The import page, the plan page (detail and review), publish,
principal and 待办 share the plans/ paths but are duban.desk's (desk:…)."""

from django.urls import path

from . import edit_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/source/", views.plan_source, name="source"),
    path("<int:pk>/edit/", edit_views.plan_edit, name="plan_edit"),
    path("<int:pk>/delete/", views.plan_delete, name="delete"),
    path("<int:pk>/reparse/", views.plan_reparse, name="reparse"),
    path("<int:pk>/tasks/add/", edit_views.task_add, name="task_add"),
    path("<int:pk>/unknown-units/", edit_views.unknown_units, name="unknown_units"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/history/", views.task_history, name="task_history"),
    path("tasks/<int:pk>/edit/", edit_views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", edit_views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/targets/add/", edit_views.target_add, name="target_add"),
    path("tasks/<int:pk>/units/add/", edit_views.mention_add, name="mention_add"),
    path("targets/<int:pk>/edit/", edit_views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", edit_views.target_delete, name="target_delete"),
    path("mentions/<int:pk>/role/", edit_views.mention_role, name="mention_role"),
    path("mentions/<int:pk>/map/", edit_views.mention_map, name="mention_map"),
    path("mentions/<int:pk>/new-unit/", edit_views.mention_create_unit, name="mention_create_unit"),
    path("mentions/<int:pk>/delete/", edit_views.mention_delete, name="mention_delete"),
    path(
        "mentions/<int:pk>/teach-label/",
        edit_views.mention_teach_label,
        name="mention_teach_label",
    ),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("notices/read-all/", views.notice_read_all, name="notice_read_all"),
]

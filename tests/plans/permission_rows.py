"""The plans routes' rows of the permission matrix (tests/test_permission_matrix.py):
plans' own and duban.desk's, which share the plans/ paths.

Office pages: supervisors, leaders and admins read; only supervisors change, and
only drafts. Unit pages: officers and heads, for what their unit is assigned."""

from tests.permissions import FGW, NOBODY, SUPERVISOR, UNIT_MEMBERS, Row
from tests.plans import world

OFFICE_READERS = frozenset({"supervisor", "leader", "admin_user"})
# Leaders read published plans only; drafts are the supervisors' (and admins') business.
DRAFT_READERS = frozenset({"supervisor", "admin_user"})
TASK_A_READERS = OFFICE_READERS | FGW


def _plan_edit_data(w):
    return {"title": "改过的标题", "doc_number": "测办〔2020〕1号", "version": 1}


def _task_data(w):
    return {"key": "(三)", "title": "新任务", "group": "", "deadline": "", "version": 1}


def _target_data(w):
    return {"name": "新指标", "op": ">=", "value": "5", "unit": "%", "version": 1}


def _version(w):
    return {"version": 1}


PLANS_ROWS = [
    Row("plans:list", get=OFFICE_READERS),
    Row("desk:import", get=SUPERVISOR, post=SUPERVISOR, post_data=world.paste_data),
    Row("desk:detail", get=DRAFT_READERS, kwargs=world.draft_pk, label="draft"),
    Row("desk:detail", get=OFFICE_READERS, kwargs=world.published_pk, label="published"),
    Row("desk:review", get=SUPERVISOR, kwargs=world.draft_pk),
    Row("desk:publish_bar", get=SUPERVISOR, kwargs=world.draft_pk),
    Row("desk:publish_bar", get=NOBODY, kwargs=world.published_pk, label="published"),
    Row("plans:source", get=DRAFT_READERS, kwargs=world.draft_with_source_pk),
    Row(
        "plans:plan_edit",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.draft_pk,
        post_data=_plan_edit_data,
    ),
    Row(
        "plans:plan_edit",
        get=NOBODY,
        post=NOBODY,
        kwargs=world.published_pk,
        post_data=_plan_edit_data,
        label="published",
    ),
    Row("desk:publish", get=NOBODY, post=SUPERVISOR, kwargs=world.draft_pk),
    Row("plans:reparse", get=NOBODY, post=SUPERVISOR, kwargs=world.draft_pk),
    Row("plans:reparse", get=NOBODY, post=NOBODY, kwargs=world.published_pk, label="published"),
    Row(
        "plans:unknown_units",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.draft_pk,
        post_data=lambda w: {"rows": "1", "name_0": "州某某局", "action_0": ""},
    ),
    Row(
        "plans:unknown_units",
        get=NOBODY,
        post=NOBODY,
        kwargs=world.published_pk,
        post_data=lambda w: {"rows": "0"},
        label="published",
    ),
    Row("plans:delete", get=NOBODY, post=SUPERVISOR, kwargs=world.draft_with_source_pk),
    Row("plans:delete", get=NOBODY, post=NOBODY, kwargs=world.published_pk, label="published"),
    Row(
        "plans:task_add",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.draft_pk,
        post_data=_task_data,
    ),
    Row("plans:task", get=DRAFT_READERS, kwargs=world.draft_task_pk, label="draft"),
    Row("plans:task", get=TASK_A_READERS, kwargs=world.published_task_a_pk, label="fgw's task"),
    Row(
        "plans:task",
        get=OFFICE_READERS | {"rsj_officer", "golmud_officer"},
        kwargs=world.published_task_b_pk,
        label="rsj and counties' task",
    ),
    Row("plans:task_history", get=DRAFT_READERS, kwargs=world.draft_task_pk),
    Row(
        "plans:task_edit",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.draft_task_pk,
        post_data=_task_data,
    ),
    Row(
        "plans:task_edit",
        get=NOBODY,
        post=NOBODY,
        kwargs=world.published_task_a_pk,
        post_data=_task_data,
        label="published",
    ),
    Row(
        "plans:task_delete",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.draft_task_pk,
        post_data=_version,
    ),
    Row(
        "plans:target_add",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.draft_task_pk,
        post_data=_target_data,
    ),
    Row(
        "plans:target_edit",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.draft_target_pk,
        post_data=_target_data,
    ),
    Row(
        "plans:target_delete",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.draft_target_pk,
        post_data=_version,
    ),
    Row(
        "plans:mention_add",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.draft_task_pk,
        post_data=lambda w: {"role": "co", "name": "州财政局"},
    ),
    Row(
        "plans:mention_role",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.draft_mention_pk,
        post_data=lambda w: {"role": "co", "version": 1},
    ),
    Row(
        "plans:mention_map",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.unknown_mention_pk,
        post_data=lambda w: {"unit": w.unit("州财政局").pk, "version": 1},
    ),
    Row(
        "plans:mention_create_unit",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=world.unknown_mention_pk,
        post_data=lambda w: {"name": "州某某局", "kind": "department", "version": 1},
    ),
    Row(
        "plans:mention_delete",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.draft_mention_pk,
        post_data=_version,
    ),
    Row(
        "plans:mention_teach_label",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.labelled_mention_pk,
    ),
    Row(
        "desk:task_principal",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.published_task_a_pk,
        post_data=lambda w: {"unit": w.unit("州住建局").pk},
    ),
    Row("desk:inbox", get=UNIT_MEMBERS),
    Row("plans:notice_read", get=NOBODY, post=FGW, kwargs=world.fgw_notice_pk),
    Row("plans:notice_read_all", get=NOBODY, post=UNIT_MEMBERS),
]

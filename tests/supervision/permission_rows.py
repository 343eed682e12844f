"""The supervision pages' rows of the permission matrix
(tests/test_permission_matrix.py): the office's supervisors and leaders only."""

from tests.permissions import NOBODY, OFFICE_STAFF, SUPERVISOR, Row
from tests.plans import world


def _with_published_plan(w):
    """The overview takes no URL kwargs; it shows the newest running plan."""
    w.persona("supervisor")
    world.make_published()
    return {}


def _override_red(w):
    return {"light": "red", "reason": "进度严重滞后"}


SUPERVISION_ROWS = [
    Row("supervision:overview", get=OFFICE_STAFF, kwargs=_with_published_plan),
    Row("supervision:overview", get=OFFICE_STAFF, label="no plan yet"),
    Row(
        "supervision:overview",
        get=OFFICE_STAFF,
        kwargs=_with_published_plan,
        query="plan=all",
        label="all plans",
    ),
    Row("supervision:task", get=OFFICE_STAFF, kwargs=world.published_task_a_pk, label="published"),
    # Leaders read published plans only (issue 8): a draft's task is the supervisors'.
    Row("supervision:task", get=SUPERVISOR, kwargs=world.draft_task_pk, label="draft"),
    Row(
        "supervision:override",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.published_task_a_pk,
        post_data=_override_red,
    ),
]

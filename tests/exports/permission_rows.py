"""Rows of the permission matrix for the written report, the ledger and the
cockpit: the office sees its plans; units their own share; drafts nobody."""

from tests.permissions import NOBODY, OFFICE_STAFF, UNIT_MEMBERS, Row
from tests.plans import world


def _published_plan(w):
    """The cockpit takes no URL kwargs; it shows the newest published plan."""
    w.persona("supervisor")
    world.make_published()
    return {}


def _docx(w):
    return {"format": "docx", "title": "标题", "kind": ["p"], "text": ["正文"]}


EXPORTS_ROWS = [
    Row("cockpit:home", get=OFFICE_STAFF, kwargs=_published_plan),
    Row("cockpit:home", get=OFFICE_STAFF, label="no plan yet"),
    Row("cockpit:dashboard", get=OFFICE_STAFF, kwargs=_published_plan),
    Row("cockpit:dashboard", get=OFFICE_STAFF, label="no plan yet"),
    Row(
        "exports:report",
        get=OFFICE_STAFF | UNIT_MEMBERS,
        post=OFFICE_STAFF | UNIT_MEMBERS,
        kwargs=world.published_pk,
        post_data=_docx,
        label="published",
    ),
    Row(
        "exports:report",
        get=NOBODY,
        post=NOBODY,
        kwargs=world.draft_pk,
        post_data=_docx,
        label="draft",
    ),
    Row(
        "exports:ledger_export",
        get=OFFICE_STAFF | UNIT_MEMBERS,
        kwargs=world.published_pk,
        label="published",
    ),
    Row("exports:ledger_export", get=NOBODY, kwargs=world.draft_pk, label="draft"),
    Row("exports:ledger_import", get=UNIT_MEMBERS, post=UNIT_MEMBERS),
]

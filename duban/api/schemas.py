"""Request and response shapes of the API (OpenAPI 3 from these)."""

import datetime as dt

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    """An answer's shape. Answers are built as dicts (with a model object here and
    there, read by attribute), which pydantic validates directly; ninja's Schema
    would first wrap every nested object in its Python `DjangoGetter`, a sixth of
    the CPU of a task's reports list (41 reports, ~125 objects)."""

    model_config = ConfigDict(from_attributes=True)


class UnitOut(Out):
    id: int
    name: str


class MeOut(Out):
    username: str
    display_name: str
    role: str
    role_label: str
    unit: UnitOut | None


class TaskOut(Out):
    id: int
    plan_id: int
    plan: str
    key: str
    title: str
    deadline: dt.date | None
    light: str
    my_role: str | None = Field(
        None, description="lead/co/principal for a unit; null for the office"
    )


class TaskPage(Out):
    count: int | None = Field(
        None, description="tasks in the whole list; on the first page (no cursor) only"
    )
    next_cursor: str | None = Field(
        None, description="pass as cursor for the next page; null on the last page"
    )
    items: list[TaskOut]


class TargetOut(Out):
    id: int
    name: str
    subject: str
    op: str
    value: str | None
    value_max: str | None
    unit: str
    deadline: dt.date | None
    baseline: str | None
    latest_value: str | None = Field(None, description="latest value the office accepted")
    latest_as_of: dt.date | None
    light: str | None


class TaskDetailOut(TaskOut):
    light_computed: str
    light_override_reason: str
    targets: list[TargetOut]


class ValueOut(Out):
    target_id: int
    value: str
    as_of: dt.date


class TaskValueOut(Out):
    target_id: int
    value: str = Field(description="the task's figure the principal lead sent (base units)")
    proposed: str | None = Field(None, description="what the target's aggregation rule gave")
    aggregation: str = Field(description="sum, lead or latest")
    as_of: dt.date


class VersionOut(Out):
    number: int
    status: str
    narrative: str
    problems: str
    next_steps: str
    submitted_at: dt.datetime | None
    comment: str
    values: list[ValueOut] = Field(description="the reporting unit's own figures")
    task_values: list[TaskValueOut] = []


class PeriodOut(Out):
    id: int
    label: str
    due_date: dt.date
    co_due_date: dt.date
    is_final: bool


class ReportOut(Out):
    id: int
    task_id: int
    unit: UnitOut
    period: PeriodOut
    role: str
    status: str
    status_label: str
    lock_version: int = Field(description="send it back as expected_version when saving")
    due_date: dt.date
    delivered_at: dt.datetime | None
    actions: list[str] = Field(description="what this token's user may do now")
    version: VersionOut | None


class ValueIn(Schema):
    target_id: int
    value: str = Field(description="a number, e.g. 13500 or 3.2")
    as_of: dt.date | None = Field(None, description="default: today")


class DraftIn(Schema):
    period_id: int | None = Field(
        None, description="default: the unit's earliest report of the task still open for editing"
    )
    expected_version: int = Field(
        description="the report's lock_version you last read (0 for a new report)"
    )
    narrative: str = ""
    problems: str = ""
    next_steps: str = ""
    values: list[ValueIn] = []


class TotalIn(Schema):
    target_id: int
    value: str = Field(description='the task\'s figure in base units, e.g. 9800; "" sends none')


class SubmitIn(Schema):
    expected_version: int | None = None
    totals: list[TotalIn] = Field(
        [],
        description="principal lead only: the task's figures it confirms; a target not "
        "listed takes what its aggregation rule proposes",
    )


class CommentIn(Schema):
    comment: str = ""


class Error(Out):
    detail: str


class ConflictOut(Out):
    detail: str
    lock_version: int


class OverdueOut(Out):
    report_id: int
    task_id: int
    unit: str
    period: str
    due_date: dt.date


class PlanStatusOut(Out):
    plan_id: int
    name: str
    on: dt.date
    counts: dict[str, int]
    tasks: int
    reports_due: int
    on_time: int
    on_time_rate: float | None
    overdue_count: int
    overdue: list[OverdueOut]

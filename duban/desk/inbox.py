"""The 待办 page's data: a unit's task cards read as plain rows.

A page of 20 cards read through the ORM's instances was ~400 model objects
(assignments, tasks, plans, targets, the other units and their assignments,
reports and their periods), and its template looked up ~350 translations and
reversed ~50 URLs: about half of the page's time at province scale. Here the
rows come from narrow values() queries, the words the cards repeat are
translated once per page, and the two links of a card are built from one
reverse each; the template prints what it is given."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Greatest, Substr
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _

from duban.core.links import pk_url
from duban.core.paging import labels
from duban.plans.display import target_rule
from duban.plans.models import Assignment, Target
from duban.reports.models import Status as ReportStatus
from duban.reports.queue import reports_to_fill

# Task.source_excerpt in SQL: the slice of the plan's text the task came from,
# so a page does not carry its plan's whole document once per row.
_EXCERPT = Case(
    When(
        task__span_start__isnull=False,
        task__span_end__isnull=False,
        then=Substr(
            "task__plan__text",
            F("task__span_start") + 1,
            Greatest(F("task__span_end") - F("task__span_start"), Value(0)),
        ),
    ),
    default=Value(""),
)


def card_words() -> dict[str, str]:
    """The words every card repeats, in the request's language."""
    return {
        "lead": _("牵头"),
        "co": _("配合"),
        "principal": _("主办"),
        "fill": _("填报"),
        "view": _("查看报告"),
        "deadline": _("完成时限"),
        "target": _("指标"),
        "subject": _("对象"),
        "rule": _("要求"),
        "target_deadline": _("时限"),
        "others": _("其他单位"),
    }


def page_rows(assignments: QuerySet[Assignment]) -> QuerySet[Assignment, Any]:
    """The unit's assignments as the rows a page of cards needs (a values()
    queryset for page_of)."""
    return assignments.values(
        "role",
        "is_principal",
        "task_id",
        "task__key",
        "task__title",
        "task__deadline",
        "task__plan_id",
        "task__plan__title",
        "task__plan__plan_title",
        "task__plan__doc_number",
        "task__plan__report_deadline",
        "task__plan__report_to",
        excerpt=_EXCERPT,
    )


def cards(
    *, unit_id: int, rows: list[dict[str, Any]], words: dict[str, str]
) -> list[tuple[dict, list[dict]]]:
    """[(plan, [card, …]), …] for the page's assignment rows, in their order;
    `words` is card_words()."""
    task_ids = [row["task_id"] for row in rows]
    unset = _("未规定")
    task_url, report_url = pk_url("plans:task"), pk_url("reports:report")
    status_labels = labels(ReportStatus)
    to_fill = reports_to_fill(unit_id=unit_id, task_ids=task_ids)

    targets: dict[int, list[tuple]] = {}
    # Grouped by task here, so ordered within a task only (Target's own
    # ordering by task joins the tasks and their plans to sort).
    for target in Target.objects.filter(task_id__in=task_ids).defer("text").order_by("order", "id"):
        targets.setdefault(target.task_id, []).append(
            (
                target.name,
                target.subject,
                target_rule(target),
                date_filter(target.deadline, "Y-m-d"),
            )
        )

    # The task's other units, leads then co-units, each in Assignment's order.
    others: dict[int, dict[str, list[tuple[str, str]]]] = {}
    principal_suffix = "、" + words["principal"]
    for task_id, role, is_principal, name in (
        Assignment.objects.filter(task_id__in=task_ids)
        .exclude(unit_id=unit_id)
        .order_by("-is_principal", "role", "id")
        .values_list("task_id", "role", "is_principal", "unit__name")
    ):
        role_word = words["lead"] if role == Assignment.Role.LEAD else words["co"]
        by_role = others.setdefault(task_id, {Assignment.Role.LEAD: [], Assignment.Role.CO: []})
        if role in by_role:
            by_role[role].append(
                (name, role_word + principal_suffix if is_principal else role_word)
            )

    plans: dict[int, tuple[dict, list[dict]]] = {}
    for row in rows:
        task_id = row["task_id"]
        plan_id = row["task__plan_id"]
        if plan_id not in plans:
            plans[plan_id] = (
                {
                    "name": row["task__plan__plan_title"] or row["task__plan__title"],
                    "doc_number": row["task__plan__doc_number"],
                    "report_deadline": row["task__plan__report_deadline"],
                    "report_to": row["task__plan__report_to"],
                },
                [],
            )
        report = to_fill.get(task_id)
        task_others = others.get(task_id, {})
        plans[plan_id][1].append(
            {
                "pk": task_id,
                "key": row["task__key"],
                "title": row["task__title"],
                "url": task_url(task_id),
                "lead": row["role"] == Assignment.Role.LEAD,
                "principal": row["is_principal"],
                "report": report
                and {
                    "url": report_url(report.pk),
                    "action": words["fill"]
                    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
                    else words["view"],
                    "period": report.period_label,
                    "due": _("报送截止 %(d)s") % {"d": date_filter(report.due_date, "DATE_FORMAT")},
                    "status": status_labels.get(report.status, ""),
                },
                "deadline": date_filter(row["task__deadline"], "DATE_FORMAT") or unset,
                "excerpt": row["excerpt"],
                "targets": targets.get(task_id, []),
                "leads": task_others.get(Assignment.Role.LEAD, []),
                "cos": task_others.get(Assignment.Role.CO, []),
            }
        )
    return list(plans.values())

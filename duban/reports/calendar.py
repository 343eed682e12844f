"""The reporting calendar: which periods a cadence gives between a plan's start
and its final report deadline. Period bounds are computed without the database
(`period_bounds`); services.generate_periods stores them."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, CharField, F, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.core import numbers
from duban.plans import rules as plan_rules
from duban.plans.models import Assignment, Plan

from . import proposal as _proposal
from .models import Cadence, Report, ReportingCalendar, ReportingPeriod, Role
from .services import InvalidInput

# A period shorter than this (the stub before the first month end, or the few
# days between the last month end and the final deadline) is merged into its
# neighbour: nobody reports twice within a few days.
MIN_PERIOD_DAYS = 5

# Bounds of a calendar the office sets: co-units report at most this many days
# before the lead unit; a calendar spans at most this many years (a century of
# dekads was 3,600 periods × every assignment in reports); listed dates at most
# MAX_DATES.
MAX_CO_LEAD_DAYS = 366
MAX_YEARS = 10
MAX_DATES = 400


@dataclass(frozen=True)
class Bounds:
    label: str
    start: dt.date
    due: dt.date
    is_final: bool = False


def _month_end(d: dt.date) -> dt.date:
    return d.replace(day=_cal.monthrange(d.year, d.month)[1])


def _next_boundary(cadence: str, d: dt.date) -> dt.date:
    """The end of the cadence unit containing `d`."""
    if cadence == Cadence.DEKAD:
        if d.day <= 10:
            return d.replace(day=10)
        if d.day <= 20:
            return d.replace(day=20)
        return _month_end(d)
    if cadence == Cadence.MONTH:
        return _month_end(d)
    if cadence == Cadence.QUARTER:
        quarter_end_month = ((d.month - 1) // 3 + 1) * 3
        return _month_end(d.replace(day=1, month=quarter_end_month))
    raise ValueError(f"unknown cadence {cadence!r}")


def _label(cadence: str, start: dt.date, due: dt.date, is_final: bool) -> str:
    if is_final:
        return _("最终报告(截至%(date)s)") % {"date": f"{due.year}年{due.month}月{due.day}日"}
    if cadence == Cadence.DEKAD:
        part = (_("上旬"), _("中旬"), _("下旬"))[min((due.day - 1) // 10, 2)]
        return _("%(year)s年%(month)s月%(part)s") % {
            "year": due.year,
            "month": due.month,
            "part": part,
        }
    if cadence == Cadence.MONTH:
        return _("%(year)s年%(month)s月") % {"year": due.year, "month": due.month}
    if cadence == Cadence.QUARTER:
        quarter = "一二三四"[(due.month - 1) // 3]
        return _("%(year)s年第%(quarter)s季度") % {"year": due.year, "quarter": quarter}
    return _("截至%(date)s") % {"date": f"{due.year}年{due.month}月{due.day}日"}


def period_bounds(
    cadence: str, start: dt.date, final_deadline: dt.date, dates: list[dt.date] | None = None
) -> list[Bounds]:
    """Periods from `start` to `final_deadline`, the last one ending on it.

    dekad/month/quarter: periods end on the 10th/20th/month end, month ends,
    quarter ends; listed dates: each date (within start…final) ends a period,
    and the final deadline always ends the last one."""
    if final_deadline < start:
        raise ValueError("final deadline before start")
    if cadence == Cadence.DATES:
        ends = sorted({d for d in (dates or []) if start <= d < final_deadline})
    else:
        ends = []
        d = start
        while True:
            end = _next_boundary(cadence, d)
            if end >= final_deadline:
                break
            ends.append(end)
            d = end + dt.timedelta(days=1)
    ends.append(final_deadline)
    if cadence != Cadence.DATES:
        # Merge stubs: a too-short first period joins the next one, a too-short
        # last one joins the one before it.
        if len(ends) > 1 and (ends[0] - start).days + 1 < MIN_PERIOD_DAYS:
            ends.pop(0)
        if len(ends) > 1 and (ends[-1] - ends[-2]).days < MIN_PERIOD_DAYS:
            ends.pop(-2)
    result = []
    period_start = start
    for i, end in enumerate(ends):
        is_final = i == len(ends) - 1
        result.append(
            Bounds(_label(cadence, period_start, end, is_final), period_start, end, is_final)
        )
        period_start = end + dt.timedelta(days=1)
    return result


def co_due(start: dt.date, due: dt.date, days: int) -> dt.date:
    """The co-units' due date: `days` before the lead's, never before the period starts."""
    return max(start, due - dt.timedelta(days=days))


@transaction.atomic
def generate_periods(
    *,
    plan: Plan,
    user,
    cadence: str,
    start: dt.date | None = None,
    final_deadline: dt.date | None = None,
    dates: list[dt.date] | None = None,
    co_lead_days: int = 3,
    require_sign_off: bool = False,
) -> list[ReportingPeriod]:
    """Set a plan's reporting calendar and (re)generate its periods.

    Defaults: start = the document's date (else today), final deadline = the
    document's reporting deadline. Periods that already have a report sent are
    kept; the others are replaced. Reports are opened for every assignment."""
    if not plan_rules.can_edit_plan(user, plan):
        raise PermissionDenied(_("只有督查室可以设置报送日历。"))
    if cadence not in Cadence.values:
        raise InvalidInput(_("报送频次无效。"))
    start = start or plan.published or timezone.localdate()
    final_deadline = final_deadline or plan.report_deadline
    if final_deadline is None:
        raise InvalidInput(_("请填写最终报送截止日期。"))
    if final_deadline < start:
        raise InvalidInput(_("最终报送截止日期不能早于起始日期。"))
    if (final_deadline - start).days > MAX_YEARS * 366:
        raise InvalidInput(_("报送日历最长 %(years)s 年,请缩短起止日期。") % {"years": MAX_YEARS})
    if cadence == Cadence.DATES and not dates:
        raise InvalidInput(_("请列出报送日期。"))
    if len(dates or []) > MAX_DATES:
        raise InvalidInput(_("指定报送日期最多 %(n)s 个。") % {"n": MAX_DATES})
    try:
        co_lead_days = numbers.fit_int(
            co_lead_days, label=_("配合单位提前天数"), high=MAX_CO_LEAD_DAYS
        )
    except numbers.OutOfRange as exc:
        raise InvalidInput(str(exc)) from None
    calendar, _created = ReportingCalendar.objects.update_or_create(
        plan=plan,
        defaults=dict(
            cadence=cadence,
            dates=[d.isoformat() for d in dates or []],
            start=start,
            final_deadline=final_deadline,
            co_lead_days=co_lead_days,
            require_sign_off=require_sign_off,
        ),
    )
    bounds = period_bounds(cadence, start, final_deadline, dates)
    used = set(
        plan.periods.filter(reports__delivered_at__isnull=False).values_list("due_date", flat=True)
    )
    plan.periods.exclude(due_date__in=used).delete()
    for b in bounds:
        if b.due in used:
            continue
        ReportingPeriod.objects.create(
            plan=plan,
            label=b.label,
            start=b.start,
            due_date=b.due,
            co_due_date=co_due(b.start, b.due, co_lead_days),
            is_final=b.is_final,
        )
    open_reports(plan=plan)
    return list(plan.periods.order_by("due_date"))


def propose_for(plan: Plan) -> _proposal.Proposal | None:
    """The calendar the plan's document asks for (see `proposal.propose`), or
    None when the document has no 报送要求."""
    deadlines = [
        d
        for d in (
            *plan.tasks.values_list("deadline", flat=True),
            *plan.tasks.values_list("targets__deadline", flat=True),
        )
        if d is not None
    ]
    return _proposal.propose(
        text=plan.text,
        deadline=plan.report_deadline,
        start=plan.published or timezone.localdate(),
        fallback_final=max(deadlines) if deadlines else None,
    )


def calendar_from_document(*, plan: Plan, user) -> list[ReportingPeriod]:
    """Set the calendar the document asks for (what `duban import_plan
    --publish` does without a person to confirm it). Refuses with a message
    saying what to add when the document has no 报送要求."""
    found = propose_for(plan)
    if found is None:
        raise InvalidInput(
            _(
                "文件中没有找到报送要求(如“于2020年12月21日前报送……”或“每月5日前报送……”)。"
                "请在文件中补充报送要求后重新导入,或在审核页设置报送日历后再发布。"
            )
        )
    return generate_periods(
        plan=plan,
        user=user,
        cadence=found.cadence,
        start=found.start,
        final_deadline=found.final_deadline,
        dates=found.dates,
        co_lead_days=found.co_lead_days,
    )


def open_reports(*, plan: Plan) -> int:
    """Create the (empty) report of every assigned unit for every period, so
    that a missing report is a row that can be counted as overdue. Idempotent:
    call it again after the plan is published or the office changes a task's
    principal lead unit (reports not yet sent follow the new roles).
    Returns the number of reports of the plan not yet sent."""
    assignments = list(
        Assignment.objects.filter(task__plan=plan).values_list(
            "task_id", "unit_id", "role", "is_principal"
        )
    )
    periods = list(plan.periods.values_list("id", flat=True))
    rows = [
        Report(
            task_id=task_id,
            unit_id=unit_id,
            period_id=period_id,
            role=Role.PRINCIPAL if principal else role,
        )
        for task_id, unit_id, role, principal in assignments
        for period_id in periods
    ]
    Report.objects.bulk_create(rows, ignore_conflicts=True)
    # The office may have changed the principal lead since: reports that have
    # not left their unit take the unit's current role (one UPDATE).
    current_role = Subquery(
        Assignment.objects.filter(task_id=OuterRef("task_id"), unit_id=OuterRef("unit_id"))
        .annotate(
            report_role=Case(
                When(is_principal=True, then=Value(Role.PRINCIPAL.value)),
                default=F("role"),
                output_field=CharField(),
            )
        )
        .values("report_role")[:1]
    )
    return (
        Report.objects.filter(task__plan=plan, delivered_at__isnull=True)
        .filter(task__assignments__unit_id=F("unit_id"))
        .update(role=current_role)
    )


def form_values(plan: Plan) -> dict:
    """What the calendar form shows: the saved calendar, else the document's
    proposal, else empty fields (the office fills them)."""
    saved = ReportingCalendar.objects.filter(plan=plan).first()
    if saved is not None:
        return {
            "cadence": saved.cadence,
            "dates": ",".join(saved.dates),
            "start": saved.start.isoformat(),
            "final_deadline": saved.final_deadline.isoformat(),
            "co_lead_days": saved.co_lead_days,
            "require_sign_off": saved.require_sign_off,
        }
    found = propose_for(plan)
    if found is None:
        return {
            "cadence": Cadence.MONTH,
            "dates": "",
            "start": (plan.published or timezone.localdate()).isoformat(),
            "final_deadline": "",
            "co_lead_days": _proposal.DEFAULT_CO_LEAD_DAYS,
            "require_sign_off": False,
        }
    return {
        "cadence": found.cadence,
        "dates": ",".join(d.isoformat() for d in found.dates),
        "start": found.start.isoformat(),
        "final_deadline": found.final_deadline.isoformat(),
        "co_lead_days": found.co_lead_days,
        "require_sign_off": False,
    }

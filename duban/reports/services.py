"""The reports chain as service functions, with ONE transitions table.

    draft ─submit→ submitted ─(sign)→ signed ─consolidate→ consolidated ─accept→ accepted
                   (inputs: ─include→ consolidated)          └─return→ returned ─revise→ draft

Web pages, the API and the CLI all call these functions; each checks the
acting user's permission itself (raising PermissionDenied), runs in one
transaction, and writes a ReportEvent for every transition. A refusal that is
not about permission raises a `ReportError` whose message is fit for the user.
The calendar (calendar.py), attachments (attachments.py) and version
comparison (compare.py) live beside this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duban.accounts.models import User
from duban.core.amounts import AmountError, Measure
from duban.core.numbers import OutOfRange, fit_decimal
from duban.plans.models import Notice, Target

from . import rules
from .figures import FigureError, record_task_values
from .models import (
    Attachment,
    Report,
    ReportEvent,
    ReportingCalendar,
    ReportVersion,
    ReviewComment,
    Role,
    Status,
    TargetValue,
)


class ReportError(Exception):
    """A refused step; str(error) is a message for the user."""


class InvalidTransition(ReportError):
    pass


class InvalidInput(ReportError):
    pass


class ConflictError(ReportError):
    """Someone saved the report since the form was rendered. `data` is what
    the refused user sent (show it again: nothing typed is lost); `current`
    is the version as it now stands."""

    def __init__(self, message, *, data, current):
        super().__init__(message)
        self.data = data
        self.current = current


# --- the transitions table ------------------------------------------------------


def _sign_off_required(report) -> bool:
    # Kept on the plan object for the rest of the request: a list of a task's
    # reports asks once, not once per report (every step re-reads the plan
    # under lock_report, so a step never sees an older answer).
    plan = report.task.plan
    cached = getattr(plan, "_sign_off_required", None)
    if cached is None:
        cached = ReportingCalendar.objects.filter(plan_id=plan.pk, require_sign_off=True).exists()
        plan._sign_off_required = cached
    return cached


def _delivered_statuses(report) -> tuple:
    """States in which a report has left its unit."""
    if _sign_off_required(report):
        return (Status.SIGNED, Status.CONSOLIDATED, Status.ACCEPTED)
    return (Status.SUBMITTED, Status.SIGNED, Status.CONSOLIDATED, Status.ACCEPTED)


def _guard_sign(report, user):
    if not _sign_off_required(report):
        return _("本计划不需要单位负责人审核。")
    return None


def _guard_consolidate(report, user):
    if report.role != Role.PRINCIPAL:
        return _("只有主办牵头单位可以汇总报送。")
    if _sign_off_required(report) and report.status != Status.SIGNED:
        return _("报告须经单位负责人审核后才能报送。")
    return None


def _guard_include(report, user):
    if report.role == Role.PRINCIPAL:
        return _("主办牵头单位的报告不能作为其他单位的材料汇总。")
    if report.status not in _delivered_statuses(report):
        return _("该报告尚未报送到牵头单位。")
    return None


def _may_return(user, report):
    if report.status == Status.CONSOLIDATED:
        return rules.is_office_supervisor(user, report)
    return report.role != Role.PRINCIPAL and rules.is_input_reviewer(user, report)


def _guard_accept(report, user):
    if report.role != Role.PRINCIPAL:
        return _("只有主办牵头单位的汇总报告由督查室采纳。")
    return None


def _guard_return(report, user):
    if report.status != Status.CONSOLIDATED and report.status not in _delivered_statuses(report):
        return _("该报告尚未报送,不能退回。")
    return None


@dataclass(frozen=True)
class Transition:
    """One allowed status change: from which states, to which, who may make
    it (a predicate on user and report), and an extra guard on the report that
    returns a refusal message or None."""

    action: str
    sources: frozenset
    target: str
    allowed: Callable
    label: str
    guard: Callable | None = None


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({Status.DRAFT}),
            Status.SUBMITTED,
            rules.is_report_writer,
            gettext_lazy("提交"),
        ),
        Transition(
            "sign",
            frozenset({Status.SUBMITTED}),
            Status.SIGNED,
            rules.is_report_head,
            gettext_lazy("负责人审核"),
            _guard_sign,
        ),
        Transition(
            "consolidate",
            frozenset({Status.SUBMITTED, Status.SIGNED}),
            Status.CONSOLIDATED,
            rules.is_principal_writer,
            gettext_lazy("汇总报送"),
            _guard_consolidate,
        ),
        # A co-unit's (or other lead's) delivered report taken into the
        # principal lead's consolidated report.
        Transition(
            "include",
            frozenset({Status.SUBMITTED, Status.SIGNED}),
            Status.CONSOLIDATED,
            rules.is_input_reviewer,
            gettext_lazy("纳入汇总"),
            _guard_include,
        ),
        Transition(
            "accept",
            frozenset({Status.CONSOLIDATED}),
            Status.ACCEPTED,
            rules.is_office_supervisor,
            gettext_lazy("采纳"),
            _guard_accept,
        ),
        Transition(
            "return",
            frozenset({Status.SUBMITTED, Status.SIGNED, Status.CONSOLIDATED}),
            Status.RETURNED,
            _may_return,
            gettext_lazy("退回"),
            _guard_return,
        ),
        # Revising a returned report opens a new version (the returned one is kept).
        Transition(
            "revise",
            frozenset({Status.RETURNED}),
            Status.DRAFT,
            rules.is_report_writer,
            gettext_lazy("修改重报"),
        ),
    )
}


def allowed_actions(report, user) -> list[str]:
    """The actions `user` may take on `report` now (for pages to show buttons)."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if report.status in t.sources
        and t.allowed(user, report)
        and (t.guard is None or t.guard(report, user) is None)
    ]


def lock_report(report) -> Report:
    """The report re-read under a row lock (the state every step starts from).

    Locked: the report, its task and its plan. Read along in the same query but
    not locked (`of`): its unit, period and current version, which every step or
    its answer reads next (a query each otherwise)."""
    return (
        Report.objects.select_for_update(of=("self", "task", "task__plan"))
        .select_related("task__plan", "unit", "period", "current_version")
        .get(pk=report.pk)
    )


def _check_lock(report, expected_version, data=None):
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    if expected != report.lock_version:
        current = report.current_version
        who = ""
        if current is not None:
            last = current.history.order_by("-history_date").first()
            user = last.history_user if last is not None else None
            who = (user.display_name or user.username) if user is not None else ""
        raise ConflictError(
            _(
                "保存失败:这份报告已被他人(%(who)s)修改或提交。"
                "您填写的内容没有丢失,已保留在表单中,请对照最新内容核对后再保存。"
            )
            % {"who": who or _("其他人")},
            data=data,
            current=current,
        )


def _now(now: dt.datetime | None) -> dt.datetime:
    """The moment a step is recorded at: `now` when the caller plays a past
    moment (the demo, `duban.console.demo_reports`), else the clock. Pages and the API
    never pass it."""
    return timezone.now() if now is None else now


def _apply(
    report,
    action,
    user,
    *,
    version=None,
    comment="",
    expected_version=None,
    now=None,
    deliver=False,
) -> Report:
    """Make transition `action` on a locked report: check, move, audit (the
    event stamped `now`, default the clock). `deliver`: a move that makes the
    report leave its unit stamps `delivered_at` in the same write (one update,
    one audit record) rather than in a second one."""
    transition = TRANSITIONS[action]
    if not transition.allowed(user, report):
        raise PermissionDenied(
            _("您没有权限对这份报告执行“%(action)s”。") % {"action": transition.label}
        )
    _check_lock(report, expected_version)
    if report.status not in transition.sources:
        raise InvalidTransition(
            _("报告当前状态为“%(status)s”,不能执行“%(action)s”。")
            % {"status": report.get_status_display(), "action": transition.label}
        )
    if transition.guard is not None:
        refusal = transition.guard(report, user)
        if refusal:
            raise InvalidTransition(refusal)
    from_status = report.status
    report.status = transition.target
    if deliver and _delivery_due(report):
        report.delivered_at = _now(now)
    report.lock_version += 1
    report._history_user = user
    report.save()
    ReportEvent.objects.create(
        report=report,
        version=version or report.current_version,
        action=action,
        from_status=from_status,
        to_status=transition.target,
        actor=user,
        comment=comment,
        at=_now(now),
    )
    return report


def _stamp_created(obj: ReviewComment | Notice, now: dt.datetime | None) -> None:
    """Date a just-created comment or notice `now` when a past moment is
    played (their `created_at` is auto_now_add, so it takes a second write)."""
    if now is not None:
        type(obj).objects.filter(pk=obj.pk).update(created_at=now)
        obj.created_at = now


def _save_version(version, user):
    version._history_user = user
    version.save()
    return version


# --- drafting -------------------------------------------------------------------


@dataclass
class DraftData:
    """What a unit writes: the three texts and {target id: (value, as_of)}.

    Values are in base units (13000, "1.3万" also reads) unless `in_scale`:
    then as a person types them in a page's field, a bare number in the
    target's document scale (85 in a 亿元 field is 85亿元)."""

    narrative: str = ""
    problems: str = ""
    next_steps: str = ""
    values: dict = field(default_factory=dict)
    in_scale: bool = False

    @classmethod
    def of(cls, data) -> DraftData:
        if isinstance(data, cls):
            return data
        return cls(
            narrative=data.get("narrative", ""),
            problems=data.get("problems", ""),
            next_steps=data.get("next_steps", ""),
            values=dict(data.get("values", {})),
            in_scale=bool(data.get("in_scale", False)),
        )


def _clean_values(report, values, today, *, in_scale=False):
    """{target id: (Decimal, date) or None}; None clears the target's value (an
    emptied field). Refuses targets of other tasks and bad numbers or dates.
    `in_scale`: bare numbers are in the target's document scale (see DraftData)."""
    if not values:
        return {}  # a save of the texts alone: no target to look up
    targets = {t.pk: t for t in Target.objects.filter(task_id=report.task_id)}
    cleaned = {}
    for key, item in values.items():
        try:
            target = targets.get(int(key))
        except (TypeError, ValueError):
            target = None
        if target is None:
            raise InvalidInput(_("指标不属于该任务。"))
        if isinstance(item, dict):
            raw, as_of = item.get("value"), item.get("as_of")
        elif isinstance(item, tuple | list):
            raw, as_of = item
        else:
            raw, as_of = item, None
        if raw is None or str(raw).strip() == "":
            cleaned[target.pk] = None  # an emptied field: no value for that target
            continue
        try:
            # Typed in the target's scale (85 in a 亿元 field is 85亿元); 万/亿/千 and
            # Chinese numerals accepted (duban.core.amounts).
            measure = target.measure if in_scale else Measure(target.unit or "", "")
            number = measure.parse(raw)
        except AmountError as exc:
            raise InvalidInput(
                _("“%(target)s”的当前值:%(error)s") % {"target": target.name, "error": exc}
            ) from None
        except ArithmeticError:  # an exponent beyond decimal's range
            raise InvalidInput(
                _("“%(target)s”的当前值“%(value)s”不是有效数字。")
                % {"target": target.name, "value": str(raw)[:40]}
            ) from None
        # The one bound of value columns (duban.core.numbers), after parsing and scale.
        try:
            number = fit_decimal(number, label=target.name)
        except OutOfRange as exc:
            raise InvalidInput(str(exc)) from None
        if as_of in (None, ""):
            as_of = today
        elif not isinstance(as_of, dt.date):
            try:
                as_of = dt.date.fromisoformat(str(as_of))
            except ValueError:
                raise InvalidInput(
                    _("“%(target)s”的截至日期无效。") % {"target": target.name}
                ) from None
        if as_of > today:
            raise InvalidInput(_("“%(target)s”的截至日期不能晚于今天。") % {"target": target.name})
        cleaned[target.pk] = (number, as_of)
    return cleaned


# The longest text of one box (the form's maxlength says the same): three full
# boxes stay far below the 5 MB a request may carry.
MAX_TEXT_CHARS = 50000
TEXT_LABELS = {
    "narrative": gettext_lazy("进展情况"),
    "problems": gettext_lazy("存在问题"),
    "next_steps": gettext_lazy("下一步措施"),
}


def _check_text_lengths(data):
    for name, label in TEXT_LABELS.items():
        if len(getattr(data, name) or "") > MAX_TEXT_CHARS:
            raise InvalidInput(
                _("“%(label)s”最多 %(n)s 字,请删减后再保存。")
                % {"label": label, "n": MAX_TEXT_CHARS}
            )


def new_version(report, user, *, copy_from=None, save=True) -> ReportVersion:
    """The report's next version (a copy of `copy_from`'s texts, values and
    attachments), its current one. `save=False` (no copy only): the caller fills
    it in and saves it, so a first save writes it, and its audit record, once."""
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ReportVersion(report=report, number=number, created_by=user)
    if not save:
        if copy_from is not None:
            raise ValueError("a copied version is saved with its values")
        report.current_version = version
        return version
    if copy_from is not None:
        version.narrative = copy_from.narrative
        version.problems = copy_from.problems
        version.next_steps = copy_from.next_steps
    _save_version(version, user)
    if copy_from is not None:
        copies = TargetValue.objects.bulk_create(
            [
                TargetValue(
                    version=version,
                    target_id=v.target_id,
                    value=v.value,
                    as_of=v.as_of,
                    source_id=v.source_id,
                )
                for v in copy_from.values.all()
            ]
        )
        _record_values(created=copies, user=user)
        for a in copy_from.attachments.all():
            Attachment.objects.create(
                version=version,
                file=a.file.name,
                name=a.name,
                content_type=a.content_type,
                size=a.size,
                uploaded_by=a.uploaded_by,
            )
    report.current_version = version
    return version


def _record_values(
    *, user: User | None, created: Iterable[TargetValue] = (), updated: Iterable[TargetValue] = ()
) -> None:
    """The audit records of target values written in bulk, in one insert (bulk
    writes send no signals, so simple-history would not see them)."""
    history = TargetValue.history.model
    now = timezone.now()
    rows = [
        history(
            history_date=now,
            history_user=user,
            history_change_reason="",
            history_type=kind,
            **{f.attname: getattr(value, f.attname) for f in history.tracked_fields},
        )
        for kind, values in (("+", created), ("~", updated))
        for value in values
    ]
    if rows:
        history.objects.bulk_create(rows)


def _write_values(
    version: ReportVersion,
    values: dict[int, tuple[Decimal, dt.date] | None],
    user: User | None,
) -> None:
    """Write a save's target values: {target id: (number, as_of) or None}. A
    fixed number of queries however many targets (one read, one insert, one
    update, one insert of their audit records); an unchanged value is not
    rewritten. Cleared values are deleted with their own deletion records."""
    if not values:
        return
    existing = {v.target_id: v for v in TargetValue.objects.filter(version=version)}
    created, updated, cleared = [], [], []
    for target_id, item in values.items():
        current = existing.get(target_id)
        if item is None:
            if current is not None:
                cleared.append(target_id)
            continue
        number, as_of = item
        if current is None:
            created.append(
                TargetValue(version=version, target_id=target_id, value=number, as_of=as_of)
            )
        elif (current.value, current.as_of, current.source_id) != (number, as_of, None):
            current.value, current.as_of, current.source_id = number, as_of, None
            updated.append(current)
    if cleared:
        TargetValue.objects.filter(version=version, target_id__in=cleared).delete()
    if created:
        created = TargetValue.objects.bulk_create(created)
    if updated:
        TargetValue.objects.bulk_update(updated, ["value", "as_of", "source"])
    _record_values(user=user, created=created, updated=updated)


@transaction.atomic
def save_draft(
    *, report: Report, user, data, expected_version, now: dt.datetime | None = None
) -> Report:
    """Save a unit's draft. `expected_version` is the report's lock_version the
    form was rendered from: if someone saved in between, ConflictError (with
    the user's data, so nothing typed is lost). Saving a returned report opens
    its next version (the returned one is kept as it was). `now` (default the
    clock) is the moment it is saved at: values may not be dated after it."""
    data = DraftData.of(data)
    report = lock_report(report)
    if not rules.is_report_writer(user, report):
        raise PermissionDenied(_("您没有权限填写这份报告。"))
    _check_lock(report, expected_version, data)
    if report.status == Status.RETURNED:
        previous = report.current_version
        _apply(report, "revise", user, now=now)
        version = new_version(report, user, copy_from=previous)
    elif report.status == Status.DRAFT:
        version = report.current_version or new_version(report, user, save=False)
    else:
        raise InvalidTransition(_("报告已提交,不能再修改。"))
    today = timezone.localdate(_now(now))
    values = _clean_values(report, data.values, today, in_scale=data.in_scale)
    _check_text_lengths(data)
    version.narrative = data.narrative
    version.problems = data.problems
    version.next_steps = data.next_steps
    _save_version(version, user)
    _write_values(version, values, user)
    report.current_version = version
    report.lock_version += 1
    report._history_user = user
    report.save()
    return report


# --- the chain ------------------------------------------------------------------


def _delivery_due(report: Report) -> bool:
    """The report has just left its unit (its state says so) and is not yet stamped."""
    return (
        report.delivered_at is None
        and report.status in _delivered_statuses(report)
        and (report.role != Role.PRINCIPAL or report.status == Status.CONSOLIDATED)
    )


def _deliver(report, version, user, now):
    version.status = report.status
    version.submitted_by = version.submitted_by or user
    version.submitted_at = version.submitted_at or now
    if _delivery_due(report):
        report.delivered_at = now
        report.save(update_fields=["delivered_at"])


@transaction.atomic
def submit_report(
    *, report: Report, user, expected_version=None, now: dt.datetime | None = None
) -> Report:
    """The unit sends its draft: to its head when the plan asks for sign-off,
    else to the principal lead unit (for the principal lead itself: ready to
    consolidate). Stamped `now` (default the clock)."""
    report = lock_report(report)
    version = report.current_version
    if version is None:
        if not rules.is_report_writer(user, report):
            raise PermissionDenied(_("您没有权限提交这份报告。"))
        raise InvalidTransition(_("报告还是空的,请先填写再提交。"))
    now = _now(now)
    _apply(report, "submit", user, expected_version=expected_version, now=now, deliver=True)
    version.submitted_by = user
    version.submitted_at = now
    _deliver(report, version, user, now)
    _save_version(version, user)
    return report


@transaction.atomic
def sign_report(
    *, report: Report, user, expected_version=None, now: dt.datetime | None = None
) -> Report:
    """The unit head signs the submitted report off; it leaves the unit.
    Stamped `now` (default the clock)."""
    now = _now(now)
    report = lock_report(report)
    _apply(report, "sign", user, expected_version=expected_version, now=now, deliver=True)
    version = report.current_version
    version.signed_by = user
    version.signed_at = now
    _deliver(report, version, user, version.signed_at)
    _save_version(version, user)
    return report


def input_reports(report: Report):
    """The other units' reports of the same task and period, for the principal
    lead to see side by side with its own (only those that left their unit)."""
    return (
        Report.objects.filter(task_id=report.task_id, period_id=report.period_id)
        .exclude(pk=report.pk)
        .exclude(role=Role.PRINCIPAL)
        .filter(delivered_at__isnull=False)
        .select_related("unit", "current_version")
        .order_by("role", "unit__name")
    )


def inputs_shown(report: Report, user: User) -> list[Report]:
    """The inputs (`input_reports`), each with `shown_version`: the version
    `user` reads (`ReportVersion.objects.shown`: for the lead, the last one
    sent — an input returned and being revised shows what it sent, not its
    draft) with its values and their targets; one query for all inputs'
    versions and one for their values, however many inputs there are."""
    inputs = list(input_reports(report))
    shown = ReportVersion.objects.prefetch_related(
        Prefetch("values", queryset=TargetValue.objects.select_related("target"))
    ).shown_for(inputs, user)
    for other in inputs:
        other.shown_version = shown.get(other.pk)
    return inputs


def consolidation_view(*, report: Report, user: User) -> dict:
    """What the principal lead sees: its own version and every input (each
    with the version it sent: `inputs_shown`)."""
    if not rules.is_principal_writer(user, report):
        raise PermissionDenied(_("只有主办牵头单位可以查看汇总材料。"))
    return {
        "own": report.current_version,
        "inputs": inputs_shown(report, user),
        "pending": list(
            Report.objects.filter(task_id=report.task_id, period_id=report.period_id)
            .exclude(pk=report.pk)
            .filter(delivered_at__isnull=True)
            .select_related("unit")
            .order_by("role", "unit__name")
        ),
    }


@transaction.atomic
def consolidate_and_submit(
    *,
    report: Report,
    user,
    expected_version=None,
    totals: dict | None = None,
    totals_in_scale: bool = True,
    now: dt.datetime | None = None,
) -> Report:
    """The principal lead sends the task's consolidated report to the office.

    From a draft (when no sign-off is needed) it is submitted first. The
    inputs that have left their units are included: their sent versions are
    recorded on this version, those not yet included are marked consolidated.
    Every unit's figure stays that unit's; the task's figure per target is
    written as a `TaskValue`: `totals` {target id: text} are the numbers the
    lead confirmed (typed in the target's scale; base units when
    `totals_in_scale` is False, as the API sends them), else the target's rule
    proposes it (figures.record_task_values). Stamped `now` (default the clock)."""
    now = _now(now)
    report = lock_report(report)
    if report.status == Status.DRAFT and not _sign_off_required(report):
        if not rules.is_principal_writer(user, report):
            raise PermissionDenied(_("只有主办牵头单位可以汇总报送。"))
        submit_report(report=report, user=user, expected_version=expected_version, now=now)
        expected_version = None
        report = lock_report(report)
    version = report.current_version
    _apply(report, "consolidate", user, expected_version=expected_version, now=now)
    inputs = list(input_reports(report).select_for_update(of=("self",)))
    included = []
    for other in inputs:
        if other.status in (
            Status.SUBMITTED,
            Status.SIGNED,
        ) and other.status in _delivered_statuses(other):
            _apply(other, "include", user, version=other.current_version, now=now)
            other.current_version.status = Status.CONSOLIDATED
            _save_version(other.current_version, user)
        if other.status == Status.CONSOLIDATED and other.current_version_id:
            included.append(other.current_version)
    version.inputs.set(included)
    try:
        record_task_values(
            report=report,
            version=version,
            totals=totals,
            today=timezone.localdate(now),
            in_scale=totals_in_scale,
        )
    except FigureError as exc:
        raise InvalidInput(str(exc)) from None
    _deliver(report, version, user, now)
    _save_version(version, user)
    return report


@transaction.atomic
def accept_report(
    *, report: Report, user, comment: str = "", now: dt.datetime | None = None
) -> Report:
    """The office accepts a consolidated report; its values count for the
    lights. Stamped `now` (default the clock)."""
    report = lock_report(report)
    _apply(report, "accept", user, comment=comment, now=now)
    version = report.current_version
    version.status = Status.ACCEPTED
    if comment:
        version.comment = comment
        _stamp_created(
            ReviewComment.objects.create(version=version, author=user, body=comment), now
        )
    _save_version(version, user)
    return report


@transaction.atomic
def return_report(*, report: Report, user, comment: str, now: dt.datetime | None = None) -> Report:
    """Send a report back to its author with a comment (the office on a
    consolidated report, the principal lead on an input). Stamped `now`
    (default the clock)."""
    comment = (comment or "").strip()
    report = lock_report(report)
    if not comment:
        if not _may_return(user, report):
            raise PermissionDenied(_("您没有权限退回这份报告。"))
        raise InvalidInput(_("退回时请写明退回意见。"))
    _apply(report, "return", user, comment=comment, now=now)
    version = report.current_version
    version.status = Status.RETURNED
    version.comment = comment
    _save_version(version, user)
    _stamp_created(ReviewComment.objects.create(version=version, author=user, body=comment), now)
    notice = Notice.objects.create(
        unit_id=report.unit_id,
        plan_id=report.task.plan_id,
        task_id=report.task_id,
        kind=Notice.Kind.REPORT,
        message=_("《%(task)s》%(period)s的报告被退回:%(comment)s")
        % {"task": report.task.title, "period": report.period.label, "comment": comment},
    )
    _stamp_created(notice, now)
    return report


@transaction.atomic
def resubmit_report(
    *, report: Report, user, data, expected_version, now: dt.datetime | None = None
) -> Report:
    """Revise a returned report and send it again: a new version (stamped
    `now`, default the clock)."""
    report = save_draft(
        report=report, user=user, data=data, expected_version=expected_version, now=now
    )
    if report.role == Role.PRINCIPAL:
        return consolidate_and_submit(report=report, user=user, now=now)
    return submit_report(report=report, user=user, now=now)

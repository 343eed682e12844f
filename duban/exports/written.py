"""The written report (书面材料), assembled from what units sent.

`unit_report` is one unit's report on a plan: each task it shares, each of the
task's targets with the unit's latest reported value against the target and
the pace (序时进度), then 完成情况 / 存在问题 / 下一步措施 from its latest sent
report. `plan_report` is the office's compiled report: every task, each target
with its latest accepted value (the value lights are computed from), and the
units' texts. Both return a `WrittenReport` — plain blocks the office may edit
before it is written out as docx (`docx_writer`) or PDF (`pdf_writer`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from duban.core.lights import Light
from duban.plans.models import Assignment, Plan, Target, Task
from duban.reports.models import ReportVersion, TargetValue
from duban.supervision import lights as lights_mod
from duban.supervision import pace

# Block kinds: 一级标题 (黑体), 二级标题 (楷体), 正文段落 (仿宋).
H1, H2, PARA = "h1", "h2", "p"
KINDS = (H1, H2, PARA)

NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings go past ten in big plans)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


def chinese_date(d: dt.date) -> str:
    """GB/T 9704-2012 writes the date in Arabic numerals: 2020年12月21日."""
    return f"{d.year}年{d.month}月{d.day}日"


def percent(share) -> str:
    return f"{Decimal(share.numerator) / Decimal(share.denominator) * 100:.1f}%"


@dataclass
class Block:
    kind: str
    text: str


@dataclass
class WrittenReport:
    """An editable report: title, addressee (主送), blocks, issuer and date.
    `figures` keeps, per target id, the numbers written into the text (tests
    and the preview use it to trace every figure to the database)."""

    title: str
    addressee: str
    blocks: list[Block]
    issuer: str
    date: str
    figures: dict = field(default_factory=dict)


def latest_sent_versions(plan: Plan, *, unit=None) -> dict[tuple[int, int], ReportVersion]:
    """{(task id, unit id): the latest sent version} over the plan's reports:
    the latest period first, then the highest version number."""
    versions = (
        # Sent as the model says (ReportVersion.objects.sent), less what the office sent back.
        ReportVersion.objects.sent(returned=False)
        .filter(report__task__plan=plan)
        .select_related("report")
        .order_by("report__period__due_date", "number")
    )
    if unit is not None:
        versions = versions.filter(report__unit=unit)
    latest = {}
    for version in versions:  # ascending, so the last one seen wins
        latest[(version.report.task_id, version.report.unit_id)] = version
    return latest


def target_label(target: Target) -> str:
    """The target's name with its subject when one name serves several (德令哈市空气质量优良率)."""
    return f"{target.subject}{target.name}" if target.subject else target.name


def _pace_sentence(*, target: Target, actual, as_of, start, due, on, light) -> tuple[str, dict]:
    rule = _target_words(target)
    if actual is None:
        return _("%(name)s:目标%(rule)s,尚未报送完成值。") % {
            "name": target_label(target),
            "rule": rule,
        }, {"actual": None}
    share = pace.achieved_share(target.op, target.baseline, target.value, target.value_max, actual)
    expected = pace.expected_share(start, due, on) if due else None
    words = _("%(name)s:目标%(rule)s,截至%(date)s完成%(actual)s,完成目标的%(share)s") % {
        "name": target_label(target),
        "rule": rule,
        "date": chinese_date(as_of) if as_of else "",
        "actual": target.measure.show(actual),
        "share": percent(share),
    }
    if expected is not None:
        words += _(",序时进度%(expected)s") % {"expected": percent(expected)}
    words += _(",%(light)s。") % {"light": _(Light(light).label)}
    return words, {
        "actual": target.measure.show(actual),
        "share": percent(share),
        "expected": percent(expected) if expected is not None else None,
        "light": str(light),
    }


def _target_words(target: Target) -> str:
    op = target.op
    if op == Target.Op.TURN_POSITIVE:
        return _("由负转正")
    if op == Target.Op.ZERO:
        return _("清零")
    if op == Target.Op.BETWEEN:
        return _("%(low)s至%(high)s") % {
            "low": target.measure.show(target.value),
            "high": target.measure.show(target.value_max),
        }
    return f"{Target.Op(op).label}{target.measure.show(target.value)}"


def _texts(blocks, heading, paragraphs):
    blocks.append(Block(H2, heading))
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        blocks.append(Block(PARA, _("无。")))
    for text in paragraphs:
        for line in text.splitlines():
            if line.strip():
                blocks.append(Block(PARA, line.strip()))


def _plan_name(plan: Plan) -> str:
    name = plan.plan_title or plan.title
    return f"《{name}》" + (f"({plan.doc_number})" if plan.doc_number else "")


def unit_report(*, plan: Plan, unit, on: dt.date) -> WrittenReport:
    """One unit's 书面材料 on `plan` as of `on` (see the module docstring)."""
    task_ids = Assignment.objects.filter(task__plan=plan, unit=unit).values("task_id")
    tasks = list(Task.objects.filter(pk__in=task_ids).order_by("order", "pk"))
    versions = latest_sent_versions(plan, unit=unit)
    values = {}
    for value in TargetValue.objects.filter(version__in=[v.pk for v in versions.values()]):
        values[(value.version_id, value.target_id)] = value
    rows = {row["id"]: row for row in lights_mod.target_rows(Task.objects.filter(pk__in=task_ids))}
    report = WrittenReport(
        title=_("%(unit)s关于%(plan)s落实情况的报告")
        % {"unit": unit.name, "plan": f"《{plan.plan_title or plan.title}》"},
        addressee=(plan.report_to or plan.office.name) + ":",
        blocks=[
            Block(
                PARA,
                _("按照%(plan)s要求,现将我单位牵头和参与的%(n)s项任务落实情况报告如下:")
                % {"plan": _plan_name(plan), "n": len(tasks)},
            )
        ],
        issuer=unit.name,
        date=chinese_date(on),
    )
    for i, task in enumerate(tasks, start=1):
        report.blocks.append(Block(H1, f"{chinese_number(i)}、{task.title}"))
        version = versions.get((task.pk, unit.pk))
        targets = list(task.targets.order_by("order", "pk"))
        if targets:
            report.blocks.append(Block(H2, _("(一)主要指标完成情况")))
        for j, target in enumerate(targets, start=1):
            value = values.get((version.pk, target.pk)) if version else None
            row = rows[target.pk]
            actual = value.value if value else None
            light = pace.target_light(
                op=target.op,
                baseline=target.baseline,
                target=target.value,
                target_max=target.value_max,
                actual=actual,
                start=row["start"],
                due=row["due"],
                on=on,
            )
            text, figures = _pace_sentence(
                target=target,
                actual=actual,
                as_of=value.as_of if value else None,
                start=row["start"],
                due=row["due"],
                on=on,
                light=light,
            )
            report.figures[target.pk] = figures
            report.blocks.append(Block(PARA, f"{j}.{text}"))
        offset = 1 if targets else 0
        for k, (heading, attr) in enumerate(
            (
                (_("完成情况"), "narrative"),
                (_("存在问题"), "problems"),
                (_("下一步措施"), "next_steps"),
            ),
            start=1 + offset,
        ):
            _texts(
                report.blocks,
                f"({chinese_number(k)}){heading}",
                [getattr(version, attr)] if version else [],
            )
    return report


def plan_report(*, plan: Plan, on: dt.date) -> WrittenReport:
    """The office's compiled report on `plan` as of `on` (see the module docstring)."""
    tasks = Task.objects.filter(plan=plan).order_by("order", "pk")
    summary = lights_mod.plan_summary(plan, on)
    counts, timeliness = summary["counts"], summary["timeliness"]
    rows = {row["id"]: row for row in lights_mod.target_rows(tasks)}
    versions = latest_sent_versions(plan)
    principal = dict(
        Assignment.objects.filter(task__plan=plan, is_principal=True).values_list(
            "task_id", "unit_id"
        )
    )
    unit_names = dict(
        Assignment.objects.filter(task__plan=plan).values_list("unit_id", "unit__name")
    )
    labels = {code: _(Light(code).label) for code in counts}
    intro = _(
        "按照%(plan)s要求,现将落实情况汇总报告如下。全方案共%(n)s项任务,截至%(date)s,"
        "%(lights)s。各单位应报送进展报告%(due)s份,按时报送%(on_time)s份"
    ) % {
        "plan": _plan_name(plan),
        "n": sum(counts.values()),
        "date": chinese_date(on),
        "lights": "、".join(f"{labels[c]}{n}项" for c, n in counts.items() if n),
        "due": timeliness["due"],
        "on_time": timeliness["on_time"],
    }
    if timeliness["rate"] is not None:
        intro += _(",按时报送率%(rate)s") % {"rate": percent(timeliness["rate"])}
    report = WrittenReport(
        title=_("关于%(plan)s落实情况的报告") % {"plan": f"《{plan.plan_title or plan.title}》"},
        addressee="",
        blocks=[Block(PARA, intro + "。")],
        issuer=plan.office.name,
        date=chinese_date(on),
    )
    for i, task in enumerate(tasks, start=1):
        task_light = summary["tasks"][task.pk]
        report.blocks.append(Block(H1, f"{chinese_number(i)}、{task.title}"))
        report.figures[("task", task.pk)] = str(task_light.light)
        targets = list(task.targets.order_by("order", "pk"))
        if targets:
            report.blocks.append(Block(H2, _("(一)主要指标完成情况")))
        for j, target in enumerate(targets, start=1):
            row = rows[target.pk]
            text, figures = _pace_sentence(
                target=target,
                actual=row["actual"],
                as_of=row["actual_as_of"],
                start=row["start"],
                due=row["due"],
                on=on,
                light=task_light.targets[target.pk],
            )
            report.figures[target.pk] = figures
            report.blocks.append(Block(PARA, f"{j}.{text}"))
        # The principal lead unit's (consolidated) text first, then the others'.
        own = [(unit_id, v) for (task_id, unit_id), v in versions.items() if task_id == task.pk]
        own.sort(key=lambda item: (item[0] != principal.get(task.pk), unit_names.get(item[0], "")))
        offset = 1 if targets else 0
        for k, (heading, attr) in enumerate(
            (
                (_("完成情况"), "narrative"),
                (_("存在问题"), "problems"),
                (_("下一步措施"), "next_steps"),
            ),
            start=1 + offset,
        ):
            _texts(
                report.blocks,
                f"({chinese_number(k)}){heading}",
                [
                    f"{unit_names.get(unit_id, '')}:{getattr(v, attr).strip()}"
                    for unit_id, v in own
                    if getattr(v, attr).strip()
                ],
            )
    return report

"""The demo's reports: a few units' reports played through the chain with the
public service functions (save_draft → submit_report → consolidate_and_submit
→ accept_report / return_report), so that `duban demo` shows a plan in
flight — lights with values, an office queue, an input waiting for its lead,
a returned report — instead of a plan where nothing was ever sent.

Played once: when any report of the plan has already been sent, nothing is done.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from duban.plans.models import Plan, Target

from . import services
from .models import Report

# (task key, period index, co-unit input?, principal sends?, office verdict,
# share of each target reached). verdict: "accept", "return" or "" (left in
# the office's queue). The shares make one task ahead of its pace, one behind.
SCRIPT = [
    ("二.(四)", 0, True, True, "accept", Decimal("0.85")),
    ("二.(五)", 0, True, True, "return", Decimal("0.6")),
    ("二.(七)", 0, False, True, "", Decimal("0.7")),
    ("二.(八)", 1, False, True, "accept", Decimal("0.6")),
    ("二.(六)", 1, True, False, "", None),
]
NARRATIVE = {
    "co": "本单位配合推进,相关工作按计划开展,数据见附表。",
    "lead": "牵头推进各项任务,已汇总配合单位材料,主要指标进展如下。",
}


def _values(report, share, as_of):
    """A value for every target with a number: `share` of the way to it
    (a ceiling is met: just under it)."""
    values = {}
    for target in report.task.targets.all():
        if target.value is None or target.op in Target.VALUELESS_OPS:
            continue
        value = target.value * (Decimal("0.95") if target.op == Target.Op.LE else share)
        values[target.pk] = {"value": str(value.quantize(Decimal("0.01"))), "as_of": as_of}
    return values


def _write(report, user, narrative, values=None):
    data = {"narrative": narrative, "problems": "", "next_steps": "继续按月调度。"}
    if values:
        data["values"] = values
    return services.save_draft(
        report=report, user=user, data=data, expected_version=report.lock_version
    )


def play_reports(*, plan: Plan, users: dict) -> list[str]:
    """Play SCRIPT on `plan` as the demo accounts (users by username: duchashi,
    fgw, geermu). Returns what was done, one line each."""
    if Report.objects.filter(task__plan=plan, delivered_at__isnull=False).exists():
        return []
    office, fgw, golmud = users["duchashi"], users["fgw"], users["geermu"]
    periods = list(plan.periods.order_by("due_date"))
    as_of = timezone.localdate().isoformat()
    lines = []
    for key, index, with_input, principal_sends, verdict, share in SCRIPT:
        task = plan.tasks.filter(key=key).first()
        if task is None or index >= len(periods):
            continue
        period = periods[index]
        if with_input:
            co = Report.objects.filter(task=task, period=period, unit=golmud.unit).first()
            if co is not None:
                co = _write(co, golmud, NARRATIVE["co"])
                services.submit_report(report=co, user=golmud)
        if not principal_sends:
            lines.append(f"演示报告:{key} {period.label} 格尔木市已报送,待州发改委汇总。")
            continue
        lead = Report.objects.get(task=task, period=period, unit=fgw.unit)
        lead = _write(lead, fgw, NARRATIVE["lead"], _values(lead, share, as_of))
        lead = services.consolidate_and_submit(report=lead, user=fgw)
        if verdict == "accept":
            services.accept_report(report=lead, user=office, comment="数据已核对,予以采纳。")
        elif verdict == "return":
            services.return_report(
                report=lead, user=office, comment="请补充重点产业项目的分项投资数据后重新报送。"
            )
        state = {"accept": "已采纳", "return": "已退回"}.get(verdict, "待督查室审核")
        lines.append(f"演示报告:{key} {period.label} 州发改委汇总报送,{state}。")
    return lines

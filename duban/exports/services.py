"""What pages and commands call to build written reports and ledgers: finding
the plan by its 文号, the unit by its name, and who may see which report."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from duban import access
from duban.plans.models import Assignment, Plan
from duban.units.models import Unit

from . import docx_writer, pdf_writer, written

RUNNING = (Plan.Status.PUBLISHED, Plan.Status.CLOSED)


class ExportError(Exception):
    """A request that cannot be met; str(error) is a message for the user."""


def find_plan(doc_number: str) -> Plan:
    """The running plan with 文号 `doc_number` (brackets of either width)."""
    wanted = doc_number.strip().replace("[", "〔").replace("]", "〕")
    plans = list(Plan.objects.filter(doc_number=wanted, status__in=RUNNING))
    if not plans:
        raise ExportError(_("没有文号为“%(number)s”的已发布计划。") % {"number": doc_number})
    if len(plans) > 1:
        raise ExportError(_("文号“%(number)s”对应多个计划。") % {"number": doc_number})
    return plans[0]


def find_unit(plan: Plan, name: str) -> Unit:
    unit = Unit.objects.find(name)
    if unit is None:
        raise ExportError(_("单位“%(name)s”不在名录中。") % {"name": name})
    if not Assignment.objects.filter(task__plan=plan, unit=unit).exists():
        raise ExportError(_("“%(unit)s”在该计划中没有任务。") % {"unit": unit.name})
    return unit


def check_may_export(*, user, plan: Plan, unit=None) -> None:
    """The office (supervisor, leader) sees every unit's report of its plans; a
    unit member only its own unit's."""
    if not Plan.objects.visible_to(user).filter(pk=plan.pk, status__in=RUNNING).exists():
        raise PermissionDenied(_("您不能查看这个计划。"))
    if access.is_unit_staff(user) and (unit is None or unit.pk != user.unit_id):
        raise PermissionDenied(_("只能导出本单位的书面材料。"))


def build_report(*, plan: Plan, on: dt.date, unit=None) -> written.WrittenReport:
    if unit is not None:
        return written.unit_report(plan=plan, unit=unit, on=on)
    return written.plan_report(plan=plan, on=on)


def render(report: written.WrittenReport, fmt: str) -> bytes:
    if fmt == "docx":
        return docx_writer.write_docx(report)
    if fmt == "pdf":
        return pdf_writer.write_pdf(report)
    raise ExportError(_("不支持的格式:%(fmt)s") % {"fmt": fmt})

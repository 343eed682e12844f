"""The status lights, declared once: code, label, colour and what the light
means, together (netbox's choice sets keep value, label and colour side by
side). Everything else — the pace arithmetic (`supervision.pace`), the office
override field (`plans.Task.light_override`), the overview chart, the badges
and the legend on every page with lights — reads this one declaration.

Pure Python (no Django import), because the pure `pace` module uses it. The
labels and meanings are marked for makemessages with `gettext_noop` and
translated where they are shown (`duban.core.templatetags.duban.light_label`,
`light_legend`; in Python `gettext(light.label)`).
"""

from __future__ import annotations

from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Mark `message` for the translation catalogue; it is translated where shown."""
    return message


class Light(StrEnum):
    """A light's stable code (stored, sent by the API) with its label, colour
    and meaning. Iteration order is the order legends and charts list them."""

    label: str
    colour: str
    fill: str  # the pale cell background of the ledger's light column (RGB, no #)
    meaning: str

    def __new__(cls, code: str, label: str, colour: str, fill: str, meaning: str) -> Light:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.colour = colour
        member.fill = fill
        member.meaning = meaning
        return member

    GREEN = (
        "green",
        gettext_noop("绿灯"),
        "#2e7d32",
        "C6EFCE",
        gettext_noop("进度达到序时进度;没有量化指标或尚无数值的任务:到期的报告都按时报送"),
    )
    YELLOW = (
        "yellow",
        gettext_noop("黄灯"),
        "#d99a00",
        "FFEB9C",
        gettext_noop("略落后于序时进度(差距在容差以内);没有量化指标的任务:有报告逾期报送"),
    )
    RED = (
        "red",
        gettext_noop("红灯"),
        "#c62828",
        "FFC7CE",
        gettext_noop(
            "明显落后于序时进度、控制性指标被突破或期限已过仍未完成;"
            "尚无数值或没有量化指标的任务:有报告逾期未报"
        ),
    )
    BLUE = (
        "blue",
        gettext_noop("蓝灯"),
        "#1565c0",
        "BDD7EE",
        gettext_noop("目标已完成;没有量化指标的任务:最终报告已采纳"),
    )
    GREY = (
        "grey",
        gettext_noop("灰灯"),
        "#9aa0a6",
        "E7E6E6",
        gettext_noop("尚无可衡量的数值,也还没有到期的报告"),
    )


# The marks shown beside a light: timeliness is a second question, answered
# apart from the pace (a late report that was accepted keeps its mark).
MARK_LATE = gettext_noop("逾期报送")
MARK_OVERDUE = gettext_noop("逾期未报")
MARK_LATE_MEANING = gettext_noop("报告在截止日期之后才报送(已报送,仍记为逾期)")
MARK_OVERDUE_MEANING = gettext_noop("已过截止日期,报告仍未报送")

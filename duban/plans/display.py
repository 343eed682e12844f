"""How plan data reads on a page: the document text cut at every span, numbers with
Chinese magnitudes, comparators in words."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Target

OP_SYMBOLS = {
    Target.Op.GE: "≥",
    Target.Op.LE: "≤",
    Target.Op.EQ: "=",
    Target.Op.APPROX: "≈",
    Target.Op.BETWEEN: "↔",
    Target.Op.TURN_POSITIVE: "↗",
    Target.Op.ZERO: "",
}


def tasks_of(plan):
    """A plan's tasks as its page shows them: in document order, with what each card lists."""
    return plan.tasks.prefetch_related("targets", "mentions__units", "assignments__unit").order_by(
        "order", "id"
    )


def _clip(start, end, n):
    if start is None or end is None:
        return None
    start, end = max(0, min(start, n)), max(0, min(end, n))
    return (start, end) if end > start else None


def source_html(text, task_spans, other_spans=()):
    """The document text as HTML: each task's span wrapped in
    `<span class="src-task" id="src-task-ID">`, and the text cut into
    `<span class="seg" data-s data-e>` pieces at every span boundary, so that a
    script can highlight any `[start, end)` range.

    task_spans: [(task id, start, end)], other_spans: [(start, end)]."""
    n = len(text)
    tasks = []
    for task_id, start, end in sorted(task_spans, key=lambda t: (t[1] is None, t[1] or 0)):
        span = _clip(start, end, n)
        # Tasks do not overlap in a document; a corrected span that does is shown unwrapped.
        if span and (not tasks or span[0] >= tasks[-1][2]):
            tasks.append((task_id, *span))
    cuts = {0, n}
    for _id, start, end in tasks:
        cuts.update((start, end))
    for start, end in other_spans:
        span = _clip(start, end, n)
        if span:
            cuts.update(span)
    points = sorted(cuts)
    out = []
    open_task = None
    index = 0
    for a, b in zip(points, points[1:], strict=False):
        while index < len(tasks) and tasks[index][2] <= a:
            index += 1
        task = (
            tasks[index] if index < len(tasks) and tasks[index][1] <= a < tasks[index][2] else None
        )
        if task is not open_task:
            if open_task is not None:
                out.append("</span>")
            if task is not None:
                out.append(f'<span class="src-task" id="src-task-{task[0]}">')
            open_task = task
        out.append(f'<span class="seg" data-s="{a}" data-e="{b}">{escape(text[a:b])}</span>')
    if open_task is not None:
        out.append("</span>")
    return mark_safe("".join(out))  # every piece of text above is escaped


def number(value, unit=""):
    """13000 人 → "1.3万人"; 5210000000 元 → "52.1亿元"; 3.5 % → "3.5%"."""
    if value is None:
        return ""
    value = Decimal(value)
    suffix = ""
    if unit != "%":
        if abs(value) >= Decimal(100000000):
            value, suffix = value / Decimal(100000000), "亿"
        elif abs(value) >= Decimal(10000):
            value, suffix = value / Decimal(10000), "万"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{suffix}{unit or ''}"


def target_rule(target):
    """The comparator and value in words: "≥ 不低于 8%", "区间 3%–5%", "由负转正"."""
    op = target.op
    label = Target.Op(op).label if op in Target.Op.values else op
    if op in Target.VALUELESS_OPS:
        return f"{OP_SYMBOLS.get(op, '')} {label}".strip()
    measure = target.measure  # the document's scale: 100亿元, 1.3万人
    if op == Target.Op.BETWEEN:
        return _("区间 %(low)s–%(high)s") % {
            "low": measure.show(target.value),
            "high": measure.show(target.value_max),
        }
    return f"{OP_SYMBOLS.get(op, '')} {label} {measure.show(target.value)}".strip()


HIDDEN_HISTORY_FIELDS = {"version", "text", "span_start", "span_end", "subtasks", "order"}


def history_rows(records):
    """Audit records as rows: when, who, what kind, which object, and the changed
    fields (label, old, new) against the record before."""
    rows = []
    for record in records:
        changes = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in HIDDEN_HISTORY_FIELDS:
                        continue
                    field = record.instance_type._meta.get_field(change.field)
                    changes.append((field.verbose_name, change.old, change.new))
        rows.append(
            {
                "when": record.history_date,
                "user": record.history_user,
                "type": record.history_type,
                "name": getattr(record, "title", None) or getattr(record, "name", ""),
                "model": record.instance_type._meta.verbose_name,
                "changes": changes,
            }
        )
    return rows


# --- 待核对: what the parser was unsure of -----------------------------------------------

DOUBT_REASONS = {
    "incomplete": gettext_lazy("文件在此项中断,单位和内容可能不全"),
    "rebuilt_table": gettext_lazy("表格由逐行文字重建,请核对行列是否对齐"),
    "units_guessed": gettext_lazy("单位取自句子主语(推测),请核对"),
    "role_by_position": gettext_lazy("牵头单位按排列位置推定(排在首位的为牵头单位)"),
    "no_units": gettext_lazy("未识别到责任单位"),
}


@dataclass(frozen=True)
class ToCheck:
    """One entry of the review page's 待核对 list: an item, where it is on the page,
    and why it should be checked. Kept generic: any check may add entries."""

    item: object
    anchor: str
    reason: str


def tasks_to_check(tasks) -> list[ToCheck]:
    """The parser's doubts, one entry per task and reason, in document order."""
    return [
        ToCheck(item=task, anchor=f"task-{task.pk}", reason=str(DOUBT_REASONS[code]))
        for task in tasks
        for code in task.doubts
        if code in DOUBT_REASONS
    ]

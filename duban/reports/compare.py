"""Comparing two versions of a report: nothing is overwritten, so any two
versions can be set side by side."""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ReportVersion
from .services import InvalidInput

TEXT_FIELDS = (
    ("narrative", gettext_lazy("进展情况")),
    ("problems", gettext_lazy("存在问题")),
    ("next_steps", gettext_lazy("下一步措施")),
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    pieces: list  # [(op, text)], op in "equal" | "delete" | "insert"


def _pieces(old: str, new: str) -> list:
    # Character level: Chinese has no spaces to split words on.
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", old[i1:i2]))
        else:
            if i2 > i1:
                pieces.append(("delete", old[i1:i2]))
            if j2 > j1:
                pieces.append(("insert", new[j1:j2]))
    return pieces


def compare_versions(old: ReportVersion, new: ReportVersion) -> dict:
    """What changed from one version of a report to another: the texts piece
    by piece, and each target's value."""
    if old.report_id != new.report_id:
        raise InvalidInput(_("只能比较同一份报告的不同版本。"))
    texts = [
        FieldChange(
            name,
            str(label),
            getattr(old, name),
            getattr(new, name),
            _pieces(getattr(old, name), getattr(new, name)),
        )
        for name, label in TEXT_FIELDS
    ]
    before = {v.target_id: v for v in old.values.select_related("target")}
    after = {v.target_id: v for v in new.values.select_related("target")}
    values = []
    for target_id in sorted(set(before) | set(after)):
        a, b = before.get(target_id), after.get(target_id)
        target = (a or b).target
        values.append(
            {
                "target": target,
                "old": a.value if a else None,
                "new": b.value if b else None,
                "old_as_of": a.as_of if a else None,
                "new_as_of": b.as_of if b else None,
                "changed": (a.value, a.as_of) != (b.value, b.as_of) if a and b else True,
            }
        )
    return {
        "texts": texts,
        "values": values,
        "changed": any(t.old != t.new for t in texts) or any(v["changed"] for v in values),
    }

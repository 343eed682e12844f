"""`duban parse FILE [--json | --text]`.

Without a flag it prints a readable tree for a person checking the parse
(tasks → units → targets → deadlines, Chinese labels); `--json` prints the
contract's JSON object; `--text` prints the normalised text that spans index
into. Any failure is one line `error: …` on stderr and exit status 2: a
person at a terminal should never see a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from . import DocumentError, parse_file
from .model import Indicator, ParsedPlan
from .numbers import to_float

_OPS = {
    ">=": "≥",
    "<=": "≤",
    "=": "=",
    "≈": "约",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, like every other failure of the command
        raise SystemExit(_fail(message))


def main(argv=None) -> int:
    ap = _Parser(prog="duban parse", description="读取督办文件，列出任务、单位、目标和时限")
    ap.add_argument("file", help="文件路径（txt、docx、pdf、html、ofd）")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="输出 JSON（解析接口格式）")
    mode.add_argument("--text", action="store_true", help="输出规范化后的全文（span 的坐标依据）")
    args = ap.parse_args(argv)
    try:
        plan = parse_file(args.file)
        if args.text:
            out = plan.text
        elif args.json:
            out = json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            out = render(plan)
    except DocumentError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法读取文件 {args.file}: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 — a bug in the parser must still end in one line
        return _fail(f"解析失败: {type(exc).__name__}: {exc}")
    sys.stdout.write(out)
    return 0


def _fail(message: str) -> int:
    print("error: " + " ".join(message.split()), file=sys.stderr)
    return 2


def _target(ind: Indicator) -> str:
    if ind.op == "between":
        value = f"{_num(ind.value)}–{_num(ind.value_max)}"
    elif ind.op == "turn_positive":
        value = "由负转正"
    elif ind.op == "zero":
        value = "清零"
    else:
        value = f"{_OPS.get(ind.op, ind.op)} {_num(ind.value)}"
    unit = f" {ind.unit}" if ind.unit and ind.op not in ("turn_positive", "zero") else ""
    subject = f"[{ind.subject}] " if ind.subject else ""
    deadline = f"(时限 {ind.deadline})" if ind.deadline else ""
    return f"{subject}{ind.name} {value}{unit}{deadline}  «{ind.text}»"


def _num(value) -> str:
    if value is None:
        return "?"
    if isinstance(value, Decimal):
        value = to_float(value)  # printed as the JSON contract shows it
    return f"{value:g}" if isinstance(value, float) and value < 1e15 else str(value)


def render(plan: ParsedPlan) -> str:
    """The parse as an indented tree with Chinese labels."""
    m, r = plan.meta, plan.reporting
    lines = []

    def field(label: str, value) -> None:
        if value:
            lines.append(f"{label}：{value}")

    field("标题", m.title)
    field("文号", m.doc_number)
    field("索引号", m.index_number)
    field("发文机关", m.issuer)
    field("发布日期", m.published)
    field("主送单位", "，".join(m.addressees) if m.addressees else None)
    field("方案名称", m.plan_title)
    lines.append("")
    lines.append(f"任务({len(plan.tasks)} 项)")
    group = None
    for task in plan.tasks:
        if task.group and task.group != group:
            group = task.group
            lines.append(f"  〖{group}〗")
        lines.append(f"  {task.key}  {task.title}")
        pad = "      "
        if task.lead_units:
            lines.append(f"{pad}牵头单位：{'，'.join(task.lead_units)}")
        if task.co_units:
            label = "责任单位" if task.lead_units else "责任单位(无牵头)"
            lines.append(f"{pad}{label}：{'，'.join(task.co_units)}")
        if task.leaders:
            lines.append(f"{pad}责任领导：{'，'.join(task.leaders)}")
        if task.deadline:
            lines.append(f"{pad}完成时限：{task.deadline}")
        if task.subtasks:
            lines.append(f"{pad}分项：{'；'.join(s.title for s in task.subtasks)}")
        if task.indicators:
            lines.append(f"{pad}目标({len(task.indicators)} 项)：")
            lines.extend(f"{pad}  · {_target(ind)}" for ind in task.indicators)
    if not plan.tasks:
        lines.append("  (未识别到分配了责任单位的任务)")
    lines.append("")
    if r.deadline or r.to or r.channel:
        lines.append("报送要求：")
        field("  截止日期", r.deadline)
        field("  报送对象", r.to)
        field("  报送渠道", r.channel)
    else:
        lines.append("报送要求：未识别")
    return "\n".join(lines) + "\n"

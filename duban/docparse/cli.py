"""`duban parse FILE [--json | --text]`.

Without a flag it prints a readable tree for a person checking the parse
(tasks → units → targets → deadlines, Chinese labels); `--json` prints the
contract's JSON object; `--text` prints the normalised text that spans index
into. Any failure is one line `error: …` on stderr and exit status 2: a
person at a terminal should never see a traceback.
"""

from __future__ import annotations

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


USAGE = "usage: duban parse [-h] [--json | --text] file"
HELP = f"""{USAGE}

读取督办文件，列出任务、单位、目标和时限

positional arguments:
  file        文件路径（txt、docx、pdf、html、ofd）

options:
  -h, --help  show this help message and exit
  --json      输出 JSON（解析接口格式）
  --text      输出规范化后的全文（span 的坐标依据）
"""


def _arguments(argv: list[str]) -> tuple[str, str | None]:
    """(file, "--json" | "--text" | None), or ValueError with argparse's message.
    Read by hand: argparse, with the gettext and shutil its help formatter imports,
    was a tenth of the command's time, for one file and one flag."""
    files, modes, unknown = [], [], []
    rest = False
    for arg in argv:
        if rest or arg == "-" or not arg.startswith("-"):
            files.append(arg)
        elif arg == "--":
            rest = True
        elif arg in ("--json", "--text"):
            modes.append(arg)
        else:
            unknown.append(arg)
    unknown += files[1:]
    if unknown:
        raise ValueError(f"unrecognized arguments: {' '.join(unknown)}")
    other = next((mode for mode in modes if mode != modes[0]), None)
    if other:
        raise ValueError(f"argument {other}: not allowed with argument {modes[0]}")
    if not files:
        raise ValueError("the following arguments are required: file")
    return files[0], modes[0] if modes else None


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    options = argv[: argv.index("--")] if "--" in argv else argv
    if "-h" in options or "--help" in options:
        sys.stdout.write(HELP)
        return 0
    try:
        path, mode = _arguments(argv)
    except ValueError as exc:
        return _fail(str(exc))
    try:
        plan = parse_file(path)
        if mode == "--text":
            out = plan.text
        elif mode == "--json":
            import json  # here, for cost: the tree and --text need none of it

            out = json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            out = render(plan)
    except DocumentError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法读取文件 {path}: {exc.strerror or exc}")
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

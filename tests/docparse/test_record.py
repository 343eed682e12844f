"""`@record` (duban/docparse/record.py) behaves as `@dataclass` does for everything the
parser's callers do with its classes: construct, compare, show, hash, and pass them to
dataclasses.fields / asdict / replace."""

import dataclasses
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from duban.docparse import Indicator, Meta, ParsedPlan, Reporting, Subtask, Task, parse_file
from duban.docparse import record as record_mod
from duban.docparse.cells import Cell
from duban.docparse.numbers import to_float
from duban.docparse.record import FrozenInstanceError, field, record

SEED = Path(__file__).resolve().parents[2] / "duban" / "demo" / "haixi-2020-91.txt"
TABLE = Path(record_mod.__file__).with_name("record_table.py")


def _declare(decorate, make_field, *, frozen=False):
    """The same class, as a record or as a dataclass."""

    class Point:
        x: int
        y: int = 0
        tags: list[str] = make_field(default_factory=list)
        note: str = make_field(default="", repr=False)

        def norm(self) -> int:
            return abs(self.x) + abs(self.y)

    return decorate(frozen=frozen)(Point)


def _pair(frozen=False):
    return (
        _declare(record, field, frozen=frozen),
        _declare(dataclasses.dataclass, dataclasses.field, frozen=frozen),
    )


@pytest.mark.parametrize("frozen", [False, True])
def test_a_record_behaves_as_the_same_dataclass(frozen):
    Rec, Dat = _pair(frozen)
    for args, kwargs in [((1,), {}), ((1, 2), {}), ((1,), {"tags": ["a"], "note": "n"})]:
        r, d = Rec(*args, **kwargs), Dat(*args, **kwargs)
        assert repr(r) == repr(d)
        assert [getattr(r, f) for f in ("x", "y", "tags", "note")] == [
            getattr(d, f) for f in ("x", "y", "tags", "note")
        ]
        assert r.norm() == d.norm()
    assert Rec(1) == Rec(1) and Rec(1) != Rec(2) and Rec(1, tags=["a"]) != Rec(1)
    assert Rec(1) != Dat(1) and (Rec(1) == (1, 0, [], "")) is False
    assert Rec(1).tags is not Rec(1).tags  # a fresh list each, as default_factory
    assert Rec.__match_args__ == Dat.__match_args__
    with pytest.raises(TypeError):
        Rec()
    with pytest.raises(TypeError):
        Rec(1, 2, [], "", 5)
    if frozen:
        assert hash(Rec(1, 2, ())) == hash(Rec(1, 2, ())) == hash(Dat(1, 2, ()))
        with pytest.raises(FrozenInstanceError):
            Rec(1).x = 2
        with pytest.raises(AttributeError):
            del Rec(1).x
    else:
        assert Rec.__hash__ is None and Dat.__hash__ is None
        r = Rec(1)
        r.x = 5
        assert r == Rec(5)


def test_dataclasses_functions_work_on_records():
    Rec, Dat = _pair()
    assert dataclasses.is_dataclass(Rec) and dataclasses.is_dataclass(Rec(1))
    rec_fields, dat_fields = dataclasses.fields(Rec), dataclasses.fields(Dat)
    assert [(f.name, f.type, f.default, f.default_factory, f.repr) for f in rec_fields] == [
        (f.name, f.type, f.default, f.default_factory, f.repr) for f in dat_fields
    ]
    r = Rec(1, 2, ["a"], "n")
    assert dataclasses.asdict(r) == dataclasses.asdict(Dat(1, 2, ["a"], "n"))
    assert dataclasses.astuple(r) == (1, 2, ["a"], "n")
    moved = dataclasses.replace(r, y=3)
    assert type(moved) is Rec and moved == Rec(1, 3, ["a"], "n")


def test_a_record_refers_back_to_itself_in_its_repr_without_recursing():
    @record
    class Node:
        name: str
        parent: object = None
        children: list = field(default_factory=list)

    root = Node("root")
    root.children.append(Node("leaf", root))
    name = Node.__qualname__  # as dataclasses show it
    assert repr(root) == (
        f"{name}(name='root', parent=None, children=[{name}(name='leaf', parent=..., children=[])])"
    )


def test_a_field_without_default_after_one_with_is_refused():
    with pytest.raises(TypeError):

        @record
        class Bad:
            a: int = 0
            b: int  # type: ignore[misc]


def test_the_parse_result_is_what_dataclasses_make_of_it():
    plan = parse_file(SEED)
    for cls in (Indicator, Subtask, Task, Meta, Reporting, ParsedPlan, Cell):
        assert dataclasses.is_dataclass(cls)
        assert tuple(f.name for f in dataclasses.fields(cls)) == cls.__match_args__

    def clean(value):  # to_dict as it was written over dataclasses.asdict
        if isinstance(value, Decimal):
            return to_float(value)
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    assert plan.to_dict() == {
        "meta": clean(dataclasses.asdict(plan.meta)),
        "reporting": clean(dataclasses.asdict(plan.reporting)),
        "tasks": [clean(dataclasses.asdict(t)) for t in plan.tasks],
    }
    task = plan.tasks[0]
    assert dataclasses.replace(task) == task and dataclasses.replace(task) is not task
    assert ParsedPlan.from_dict(plan.to_dict(), text=plan.text).to_dict() == plan.to_dict()
    assert repr(task).startswith(f"Task(key={task.key!r}, title={task.title!r}, span=")
    assert Cell(0, 1, "表", 1, 1) == Cell(0, 1, "表", 1, 1)
    assert len({Cell(0, 1, "表", 1, 1), Cell(0, 1, "表", 1, 1)}) == 1


def test_parsing_imports_no_dataclasses_but_a_caller_of_them_still_can():
    code = (
        "import sys\n"
        "from duban.docparse import parse_file\n"
        f"plan = parse_file({str(SEED)!r})\n"
        "assert 'dataclasses' not in sys.modules, 'imported by the parse'\n"
        "import dataclasses\n"
        "print(dataclasses.asdict(plan.tasks[0])['key'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == parse_file(SEED).tasks[0].key


def test_every_record_of_the_parser_has_its_init_written_ahead():
    """record_table.py is what record_write writes now (a record whose fields changed
    fails this until `python -m duban.docparse.record_write`), and importing the parser
    and parsing the seed compiles no __init__."""
    code = (
        "import sys\n"
        "from duban.docparse import parse_file, record, record_write\n"
        f"parse_file({str(SEED)!r})\n"
        "print(record.COMPILED, file=sys.stderr)\n"
        "sys.stdout.write(record_write.table_text())\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "[]"
    assert proc.stdout == TABLE.read_text(encoding="utf-8"), "python -m duban.docparse.record_write"


def test_a_record_not_in_the_table_is_compiled_as_before():
    @record
    class Fresh:
        some_field_no_record_has: int
        other: list = field(default_factory=list)

    assert Fresh(1) == Fresh(1, [])
    assert Fresh.__qualname__ + "" in record_mod.COMPILED[-1]

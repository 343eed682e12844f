"""The typing ratchet over the service layer: mypy checks the modules listed in
pyproject's [tool.mypy] files (every function typed); every other service module
(`services.py`) may not gain an untyped function. When a module's count drops,
lower its number here; when it reaches 0, add the module to mypy's files."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Untyped function definitions per service module today (a parameter or the
# return without an annotation). Only ever lower these.
UNTYPED = {
    "duban/accounts/services.py": 10,
    "duban/api/services.py": 2,
    "duban/exports/services.py": 2,
    "duban/items/services.py": 12,
    "duban/lexicon/services.py": 9,
    "duban/ocr/services.py": 0,
    "duban/plans/services.py": 6,
    "duban/reminders/services.py": 4,
    "duban/reports/services.py": 27,
    "duban/supervision/services.py": 1,
    "duban/units/services.py": 23,
}


def untyped(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        args += [a for a in (node.args.vararg, node.args.kwarg) if a is not None]
        params = [a for a in args if a.arg not in ("self", "cls")]
        if node.returns is None or any(a.annotation is None for a in params):
            found.append(f"{node.name} (line {node.lineno})")
    return found


def mypy_files() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["mypy"]["files"]


def test_no_service_module_gains_an_untyped_function():
    modules = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("duban/*/services.py"))
    for module in modules:
        names = untyped(ROOT / module)
        limit = UNTYPED.get(module, 0)  # a new service module starts typed
        assert len(names) <= limit, f"{module}: new untyped functions among {names}"
        assert len(names) == limit, f"{module}: {len(names)} untyped now, lower UNTYPED to it"


def test_the_typed_modules_stay_fully_typed():
    for module in mypy_files():
        assert untyped(ROOT / module) == [], module

"""No template turns autoescaping off for data: `|safe`, `|safeseq` and
`{% autoescape off %}` are refused everywhere (data in a script tag goes
through `json_script`). Python that builds HTML uses format_html / escape."""

import re
from pathlib import Path

import duban

ROOT = Path(duban.__file__).resolve().parent
UNSAFE = re.compile(r"\|\s*safe(seq)?\b|\{%\s*autoescape\s+off\s*%\}")


def templates():
    return sorted(p for p in ROOT.rglob("templates/**/*.html") if "docparse" not in p.parts)


def test_there_are_templates_to_check():
    assert len(templates()) > 20


def test_no_template_turns_escaping_off():
    found = []
    for path in templates():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if UNSAFE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "templates must not use |safe / autoescape off on data:\n" + "\n".join(found)


def test_the_check_catches_the_old_chart_line():
    assert UNSAFE.search('<script type="application/json">{{ chart_json|safe }}</script>')
    assert UNSAFE.search("{{ x | safeseq }}")
    assert UNSAFE.search("{% autoescape off %}")
    assert not UNSAFE.search('{{ chart|json_script:"target-series" }}')

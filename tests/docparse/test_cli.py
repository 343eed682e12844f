"""`duban parse FILE [--json | --text]` through the real console entry point."""

import json
import subprocess
import sys
from pathlib import Path

from duban.docparse.normalize import clean_text
from tests.docparse import damage

DATA = Path(__file__).parent / "data"
SEED = DATA / "haixi-2020-91.txt"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "duban.cli", "parse", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_json_output_is_the_contract():
    proc = run(str(SEED), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= {"meta", "reporting", "tasks"}
    assert data["meta"]["doc_number"] == "西政办〔2020〕91号"
    assert "州发改委" in proc.stdout  # ensure_ascii=False: Chinese as written
    task = data["tasks"][0]
    assert set(task) >= {"key", "title", "lead_units", "co_units", "deadline", "span", "subtasks"}


def test_text_output_is_what_spans_index():
    text = run(str(SEED), "--text").stdout
    assert text == clean_text(SEED.read_text(encoding="utf-8"))
    data = json.loads(run(str(SEED), "--json").stdout)
    for task in data["tasks"]:
        a, b = task["span"]
        assert task["title"] in text[a:b]


def test_readable_tree_has_chinese_labels():
    proc = run(str(SEED))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "文号：西政办〔2020〕91号" in out
    assert "二.(四)  全力推动稳增长" in out
    assert "牵头单位：州发改委，州工信局" in out
    assert "截止日期：2020-12-21" in out
    assert "报送渠道：“710”政务督办系统" in out


def test_missing_file_is_one_error_line(tmp_path):
    proc = run(str(tmp_path / "nope.txt"), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in proc.stderr


def test_damaged_document_is_one_error_line(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04" + b"not a zip archive" * 10)
    proc = run(str(bad), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: ")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_directory_is_one_error_line(tmp_path):
    proc = run(str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ")
    assert "Traceback" not in proc.stderr


def test_bad_arguments_are_one_error_line():
    proc = run(str(SEED), "--json", "--text")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ")
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = run()
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1


def test_unknown_zip_version_is_one_chinese_error_line(tmp_path):
    """Issue 16: this file printed `解析失败: NotImplementedError: zip file version 10.9`."""
    bad = tmp_path / "plan.docx"
    bad.write_bytes(damage.unknown_zip_version(damage.samples()["docx"][0]))
    proc = run(str(bad))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "error: docx 文件已损坏或无法读取\n"


def test_parsing_a_text_file_loads_no_document_library_and_no_django():
    heavy = ("django", "docx", "pdfplumber", "pdfminer", "pypdfium2", "openpyxl", "PIL", "lxml")
    # And what only its value classes or the page-layout readers needed (issue #10):
    # dataclasses imports inspect, which imports ast, dis and tokenize.
    heavy += ("dataclasses", "inspect", "ast", "dis", "tokenize", "duban.docparse.layout")
    code = (
        "import sys\n"
        "from duban.cli import main\n"
        f"main(['parse', {str(SEED)!r}, '--json'])\n"
        "loaded = {*sys.modules, *(m.split('.')[0] for m in sys.modules)}\n"
        "print(sorted(loaded & set(sys.argv[1:])), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *heavy], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "[]"


def test_a_django_command_still_runs_through_the_same_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "duban.cli", "help", "migrate"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "migrate" in proc.stdout

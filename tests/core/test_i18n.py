"""The English translation is complete and in use.

The catalogue is checked twice: as committed (every entry translated, none
fuzzy, same placeholders, .mo compiled from this .po), and against the code
as it is now (makemessages into a temporary copy must find nothing new)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR).parent
LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
IGNORE = [".venv", "tests", "var", "benchmarks", "build", "*.egg-info", "node_modules"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_po(path):
    """[(msgctxt, msgid, [msgstr…], flags)] for every entry but the header (a small reader)."""
    entries, cur, field = [], None, None

    def unquote(s):
        return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    def flush():
        if cur and cur["msgid"] is not None:
            entries.append(cur)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            cur = None
            continue
        if line.startswith("#~"):
            continue
        if cur is None:
            cur = {"ctx": None, "msgid": None, "plural": None, "str": {}, "flags": set()}
        if line.startswith("#,"):
            cur["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        else:
            head, _, rest = line.partition(" ")
            if line.startswith('"'):
                value = unquote(line)
                if field[0] == "str":
                    cur["str"][field[1]] += value
                else:
                    cur[field[0]] += value
            elif head == "msgctxt":
                field, cur["ctx"] = ("ctx",), unquote(rest)
            elif head == "msgid":
                field, cur["msgid"] = ("msgid",), unquote(rest)
            elif head == "msgid_plural":
                field, cur["plural"] = ("plural",), unquote(rest)
            elif head.startswith("msgstr"):
                n = head[7:-1] if "[" in head else ""
                field = ("str", n)
                cur["str"][n] = unquote(rest)
    flush()
    return [e for e in entries if e["msgid"] != ""]


def untranslated(entries):
    problems = []
    for e in entries:
        label = (e["ctx"] + "|" if e["ctx"] else "") + e["msgid"]
        if "fuzzy" in e["flags"]:
            problems.append(f"fuzzy: {label}")
        elif not e["str"] or not all(e["str"].values()):
            problems.append(f"untranslated: {label}")
        else:
            wanted = set(PLACEHOLDER.findall(e["msgid"]))
            for text in e["str"].values():
                if set(PLACEHOLDER.findall(text)) != wanted:
                    problems.append(f"placeholders differ: {label} → {text}")
    return problems


def test_committed_catalogue_is_complete():
    entries = read_po(PO)
    assert len(entries) > 300
    assert not untranslated(entries), "\n".join(untranslated(entries))


def test_reader_sees_a_missing_translation(tmp_path):
    broken = tmp_path / "x.po"
    broken.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "单位"\nmsgstr "Unit"\n\n#, fuzzy\nmsgid "全称"\nmsgstr "Full"\n\n'
        'msgid "第 %(n)s 个"\nmsgstr "no. %(m)s"\n\nmsgid "别名"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert untranslated(read_po(broken)) == [
        "fuzzy: 全称",
        "placeholders differ: 第 %(n)s 个 → no. %(m)s",
        "untranslated: 别名",
    ]


def test_compiled_catalogue_matches_the_po(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(PO)], check=True)
    assert out.read_bytes() == MO.read_bytes(), "django.mo is stale: run msgfmt on django.po"


def test_every_message_in_the_code_is_translated(tmp_path, monkeypatch):
    """makemessages over all apps, in a copy of the code: nothing new, nothing
    untranslated. In a copy because makemessages writes into every `locale`
    folder it walks past: run on the checkout it would rewrite the committed
    catalogue, and the .mo check of a later run would then fail."""
    code = tmp_path / "duban"
    shutil.copytree(Path(settings.BASE_DIR), code, ignore=shutil.ignore_patterns("__pycache__"))
    copy = code / "locale"
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[str(copy)]):
        call_command(
            "makemessages", locale=["en"], ignore_patterns=IGNORE, no_obsolete=True, verbosity=0
        )
    fresh = read_po(copy / "en" / "LC_MESSAGES" / "django.po")
    problems = untranslated(fresh)
    assert not problems, "run makemessages -l en and translate:\n" + "\n".join(problems)
    assert os.path.getsize(copy / "en" / "LC_MESSAGES" / "django.po") > 0


@pytest.mark.django_db
def test_english_interface(client_for, supervisor, directory):
    client = client_for(supervisor)
    html = client.get(reverse("units:list")).content.decode()
    assert "单位名录" in html and "Unit directory" not in html
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("units:list")}
    )
    assert response.status_code == 302
    html = client.get(reverse("units:list")).content.decode()
    assert '<html lang="en">' in html
    for label in (
        "Unit directory",
        "Sign out",
        "Short name",
        "Full name",
        "Export Excel",
        "Department",
    ):
        assert label in html, label
    html = client.get(reverse("units:detail", args=[directory["州发改委"].pk])).content.decode()
    assert "Change history" in html and "System" in html and "created" in html
    # Data stays as entered: unit names are not translated.
    assert "州发改委" in html


@pytest.mark.django_db
def test_chinese_first_whatever_the_browser_says(client_for, fgw_officer):
    client = client_for(fgw_officer)
    html = client.get(reverse("units:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-CN">' in html and "单位名录" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("units:list"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in html and "Unit directory" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "单位名录" in client.get(reverse("units:list")).content.decode()

"""Changes to an office's vocabulary: add, edit, delete, and YAML export/import.

Keyword-only steps; each checks `rules.can_manage`, validates through the model
and records the acting user in the audit trail. Refusals raise `LexiconError`
whose message (Chinese, located: entry number and line for YAML) is fit to show.
"""

from __future__ import annotations

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import rules
from .models import Term

MAX_YAML_BYTES = 512 * 1024


class LexiconError(Exception):
    """Refused; `messages` lists every problem found (one or more)."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(";".join(str(m) for m in self.messages))


def _require(user, office):
    if not rules.can_manage(user, office):
        raise LexiconError(_("只有本单位督查室可以维护解析词表。"))


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


def _save(term: Term, user):
    try:
        term.full_clean(exclude=["office", "created_by"])
    except ValidationError as exc:
        raise LexiconError(_errors(exc)) from exc
    clash = Term.objects.filter(office=term.office, word=term.word).exclude(pk=term.pk)
    if clash.exists():
        raise LexiconError(_("“%(word)s”已在词表中。") % {"word": term.word})
    term._history_user = user
    term.save()
    return term


@transaction.atomic
def add_term(*, office, user, word: str, role: str, note: str = "") -> Term:
    _require(user, office)
    return _save(Term(office=office, word=word, role=role, note=note, created_by=user), user)


@transaction.atomic
def update_term(*, term: Term, user, word: str, role: str, note: str = "") -> Term:
    _require(user, term.office)
    term = Term.objects.select_for_update().get(pk=term.pk)
    term.word, term.role, term.note = word, role, note
    return _save(term, user)


@transaction.atomic
def delete_term(*, term: Term, user) -> None:
    _require(user, term.office)
    # The row as stored: the audit record keeps its last values, not a stale copy's.
    term = Term.objects.select_for_update().get(pk=term.pk)
    term._history_user = user
    term.delete()


# --- YAML ------------------------------------------------------------------------

ROLE_BY_NAME = {
    **{r.value: r.value for r in Term.Role},
    **{str(r.label): r.value for r in Term.Role},
}


def export_yaml(office) -> str:
    rows = [
        {"word": t.word, "role": t.role, **({"note": t.note} if t.note else {})}
        for t in Term.objects.of_office(office).order_by("role", "word")
    ]
    header = (
        "# 解析词表 (duban lexicon)\n"
        "# role: lead 牵头单位 | resp 责任单位 | co 配合单位 | leader 责任领导 | "
        "deadline 完成时限 | task 任务内容(表头) | progress 进展情况(表头)\n"
    )
    return header + yaml.safe_dump({"terms": rows}, allow_unicode=True, sort_keys=False)


def _entries(content: str):
    """[(line, mapping)] of the file's entries, or LexiconError located in the file."""
    try:
        root = yaml.compose(content, Loader=yaml.SafeLoader)
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            raise LexiconError(
                _("YAML 格式错误:第 %(line)s 行第 %(column)s 列附近无法解析。")
                % {"line": mark.line + 1, "column": mark.column + 1}
            ) from exc
        raise LexiconError(_("YAML 格式错误,无法解析。")) from exc
    if data is None:
        raise LexiconError(_("文件是空的。"))
    node, items = root, data
    if isinstance(data, dict):
        if not isinstance(data.get("terms"), list):
            raise LexiconError(_("文件中应有“terms:”列表(每条含 word 和 role)。"))
        items = data["terms"]
        node = next(v for k, v in root.value if k.value == "terms")
    elif not isinstance(data, list):
        raise LexiconError(_("文件中应有“terms:”列表(每条含 word 和 role)。"))
    return [(n.start_mark.line + 1, item) for n, item in zip(node.value, items, strict=True)]


@transaction.atomic
def import_yaml(*, office, user, content: bytes | str) -> tuple[int, int]:
    """Add or update the file's entries (others stay). Returns (added, updated).
    Nothing is saved when any entry is wrong; every wrong entry is reported."""
    _require(user, office)
    if isinstance(content, bytes):
        if len(content) > MAX_YAML_BYTES:
            raise LexiconError(_("文件过大。"))
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LexiconError(_("文件不是 UTF-8 编码的文本。")) from exc
    problems, rows, seen = [], [], set()
    for n, (line, item) in enumerate(_entries(content), start=1):
        where = _("第 %(n)s 条(第 %(line)s 行)") % {"n": n, "line": line}
        if not isinstance(item, dict):
            problems.append(_("%(where)s:应为含 word 和 role 的条目。") % {"where": where})
            continue
        word = "".join(str(item.get("word") or "").split())
        role = ROLE_BY_NAME.get(str(item.get("role") or "").strip())
        if role is None:
            problems.append(
                _("%(where)s:含义“%(role)s”无法识别(可用 %(choices)s)。")
                % {
                    "where": where,
                    "role": item.get("role") or "",
                    "choices": "、".join(ROLE_BY_NAME),
                }
            )
            continue
        term = Term(office=office, word=word, role=role, note=str(item.get("note") or "")[:200])
        try:
            term.full_clean(exclude=["office", "created_by"], validate_unique=False)
        except ValidationError as exc:
            problems += [f"{where}:{m}" for m in _errors(exc)]
            continue
        if term.word in seen:
            problems.append(_("%(where)s:“%(word)s”重复。") % {"where": where, "word": term.word})
            continue
        seen.add(term.word)
        rows.append(term)
    if problems:
        raise LexiconError(problems)
    added = updated = 0
    existing = {t.word: t for t in Term.objects.of_office(office)}
    for row in rows:
        old = existing.get(row.word)
        if old is None:
            row.created_by = user
            row._history_user = user
            row.save()
            added += 1
        elif (old.role, old.note) != (row.role, row.note):
            old.role, old.note = row.role, row.note
            old._history_user = user
            old.save()
            updated += 1
    return added, updated

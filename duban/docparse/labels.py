"""The label vocabulary of unit clauses: 牵头单位 → lead, 配合单位 → co, 责任领导 → leader,
完成时限 → deadline …, and the patterns built from it.

The listed labels are joined by labels built the same way offices build new ones: a role
word, 责任 or not, and a word for an organisation (协同责任单位, 参与部门 → co), or a
leader word before 领导 (分管省领导, 牵头负责领导 → leader). The alternation of all
labels is compiled as a trie, so the vocabulary's size barely costs matching time.

An office may teach the parser its own labels (落实主体 → co): `parse_text(text,
vocabulary={...})` puts `extended(...)` in force for that parse (`using`), and every
matcher reads `current()`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from . import rx
from .record import field, record

SOFT = "\x00"  # a line break that only wrapped a paragraph (see parser.unwrap)
LEAD = "lead"
RESP = "resp"
CO = "co"
LEADER = "leader"
DEADLINE = "deadline"
# Header words only (an office's "任务内容" column, "本月进展" column): table
# columns of task text and of reported progress.
TASK = "task"
PROGRESS = "progress"
HEADER_ROLES = (TASK, PROGRESS)

# Longer labels first so that "牵头单位" never matches as "牵头".
_LABELS: tuple[tuple[str, str], ...] = (
    ("牵头责任单位", LEAD),
    ("牵头单位", LEAD),
    ("牵头部门", LEAD),
    ("牵头处室", LEAD),
    ("牵头科室", LEAD),
    ("牵头股室", LEAD),
    ("主办部门", LEAD),
    ("主办单位", LEAD),
    ("主责单位", LEAD),
    ("主责部门", LEAD),
    ("主体责任单位", LEAD),
    ("责任单位", RESP),
    ("责任部门", RESP),
    ("责任主体", RESP),
    ("责任处室", RESP),
    ("责任科室", RESP),
    ("责任股室", RESP),
    ("承办部门", RESP),
    ("实施单位", RESP),
    ("责任分工", RESP),
    ("承办单位", RESP),
    ("落实单位", RESP),
    ("配合单位", CO),
    ("配合部门", CO),
    ("协同单位", CO),
    ("协同部门", CO),
    ("协办单位", CO),
    ("协助单位", CO),
    ("参与单位", CO),
    ("协作单位", CO),
    ("协办部门", CO),
    ("参与部门", CO),
    ("配合处室", CO),
    ("配合科室", CO),
    ("配合", CO),
    ("牵头", LEAD),
    ("责任领导", LEADER),
    ("分管领导", LEADER),
    ("牵头领导", LEADER),
    ("联系领导", LEADER),
    ("包抓领导", LEADER),
    ("督办领导", LEADER),
    ("责任人", LEADER),
    ("牵头人", LEADER),
    ("负责人", LEADER),
    ("完成时限", DEADLINE),
    ("完成时间", DEADLINE),
    ("完成期限", DEADLINE),
    ("办结时限", DEADLINE),
    ("时限要求", DEADLINE),
    ("时间节点", DEADLINE),
    ("时间要求", DEADLINE),
    ("时限", DEADLINE),
)
# Labels beyond the list are built the same way: a role word, 责任 or not, and a
# word for an organisation ("协同责任单位", "参与部门"), or a leader word before 领导
# ("分管省领导", "牵头负责领导"). They are read by their role word.
_ROLE_WORDS = (
    (("牵头", "主责", "主办"), LEAD),
    (("配合", "协同", "协办", "协助", "参与", "协作", "参加"), CO),
    (("承办", "落实", "实施"), RESP),
)
_ORGAN_WORDS = ("单位", "部门", "处室", "科室", "股室")
_LEADER_WORDS = ("牵头", "分管", "责任", "联系", "包抓", "包联", "督办", "牵头负责", "主管")
_LEVEL_WORDS = ("", "省", "市", "县", "区", "州", "旗", "镇")


def _built_labels() -> list[tuple[str, str]]:
    built = []
    for words, role in _ROLE_WORDS:
        for word in words:
            for organ in _ORGAN_WORDS:
                built += [(f"{word}责任{organ}", role), (f"{word}{organ}", role)]
    for word in _LEADER_WORDS:
        built += [(f"{word}{level}领导", LEADER) for level in _LEVEL_WORDS]
    return built


LABEL_ROLE = dict(_built_labels())
LABEL_ROLE.update(_LABELS)  # the listed labels win where both name one
_SHORT_LABELS = {"配合", "牵头", "时限"}  # need a colon to count as labels


def _alternation(words) -> str:
    """One regex alternation for many words, as a trie: "牵头(?:责任)?单位|…" is tried
    one character at a time instead of word after word; longer words win."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        # re.escape leaves a letter as it is: most of the trie's characters are hanzi.
        branches = [
            (ch if ch.isalnum() else re.escape(ch)) + pattern(child)
            for ch, child in node.items()
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            # The word may end here; a longer one is tried first.
            return body + "?" if len(branches) == 1 and body.startswith("(?:") else f"(?:{body})?"
        return body

    return pattern(trie)


# A label: long ones may go without a colon ("牵头单位 州发改委"), short ones need it.
# "责任单位(部门):" — a short aside between a label and its colon.
_ASIDE = r"(?:\([^()\n]{1,6}\))?"
ROLES = (LEAD, RESP, CO, LEADER, DEADLINE)


@record(frozen=True)
class Vocabulary:
    """The labels in force and the patterns built from them."""

    label_role: dict[str, str]
    alternation: str
    label_re: re.Pattern  # a label, with an optional colon
    label_line_re: re.Pattern  # a line that starts with a label and a colon
    label_start_re: re.Pattern  # where a label clause outside brackets may start
    label_ahead_re: re.Pattern  # a label (and colon) right here
    # Table header words beyond the built-in ones: header cell → TASK or PROGRESS.
    header_role: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls, label_role: dict[str, str], header_role: dict[str, str] | None = None
    ) -> Vocabulary:
        alt = _alternation(label_role)
        return cls(
            header_role=dict(header_role or {}),
            label_role=label_role,
            alternation=alt,
            label_re=rx.compile(
                rf"(?:(?P<open>【)(?P<blabel>{alt}){_ASIDE}】|(?P<label>{alt}){_ASIDE})"
                r"\s*(?P<colon>[::])?\s*",
            ),
            # "牵头单位:市发展改革委", "【牵头单位】市发展改革委".
            label_line_re=rx.compile(
                rf"(?m)^[ \t]*(?:[-*·•]\s*)?(?:(?:{alt}){_ASIDE}\s*[::]|【(?:{alt}){_ASIDE}】)[^\n]*",
            ),
            # At the start of a line, or after a full stop inside one
            # ("…推动产业升级。责任单位:市工信局、市发改委。").
            label_start_re=rx.compile(
                rf"(?m)(?:^[ \t]*(?:[-*·•]\s*)?(?P<back>(?:以上|上述)[^\n:,;。]{{0,8}}?)?|(?<=[。;!?])[ \t]*)"
                rf"(?P<label>(?:{alt}){_ASIDE}\s*[::]|【(?:{alt}){_ASIDE}】)"
            ),
            label_ahead_re=rx.compile(rf"[ \t]*(?:(?:{alt}){_ASIDE}\s*[::]|【)"),
        )


DEFAULT = Vocabulary.build(LABEL_ROLE)
_ACTIVE: ContextVar[Vocabulary] = ContextVar("docparse_vocabulary", default=DEFAULT)
_EXTRA_LABEL = rx.compile(r"^[\u3400-\u9fff]{3,12}$")  # short labels need colons


def current() -> Vocabulary:
    """The vocabulary of the parse under way (the built-in one outside a parse)."""
    return _ACTIVE.get()


@functools.lru_cache(maxsize=32)
def _extended(extra: tuple[tuple[str, str], ...]) -> Vocabulary:
    units = {label: role for label, role in extra if role in ROLES}
    headers = {label: role for label, role in extra if role in HEADER_ROLES}
    return Vocabulary.build({**LABEL_ROLE, **units}, headers)


def extended(extra: Mapping[str, str] | None) -> Vocabulary:
    """The built-in vocabulary with an office's own labels on top (label → role, a
    role of `ROLES`, or a table header word → TASK/PROGRESS); an office label
    overrides a built-in one."""
    if not extra:
        return DEFAULT
    for label, role in extra.items():
        if role not in ROLES + HEADER_ROLES or not _EXTRA_LABEL.match(label):
            raise ValueError(f"not a label → role pair: {label!r} → {role!r}")
    return _extended(tuple(sorted(extra.items())))


@contextmanager
def using(vocabulary: Vocabulary) -> Iterator[Vocabulary]:
    """Parse with `vocabulary` in force (a context variable, so concurrent parses in
    other threads or tasks keep their own)."""
    token = _ACTIVE.set(vocabulary)
    try:
        yield vocabulary
    finally:
        _ACTIVE.reset(token)


# The built-in patterns, for code that reads the vocabulary outside a parse.
_LABEL_ALT = DEFAULT.alternation
LABEL_RE = DEFAULT.label_re
LABEL_LINE_RE = DEFAULT.label_line_re
LABEL_START_RE = DEFAULT.label_start_re
_LABEL_AHEAD_RE = DEFAULT.label_ahead_re
# A clause that looks back over several items: "(以上两项牵头单位:…)",
# "以上各项由X牵头", "上述任务责任单位:…". Group n: how many (None/各: all).
LOOK_BACK_RE = rx.compile(
    r"(?:以上|上述|前述)(?P<n>[一二两三四五六七八九十]{1,3}|\d{1,2}|各)?"
    r"(?P<item>项|条|个方面)?(?P<what>任务|工作|措施|事项|内容)?(?:的|均|都|统一)?\s*[,:]?\s*"
)
# Cheap test whether a text holds such a clause at all.
LOOK_BACK_HINT_RE = rx.compile(r"(?:以上|上述|前述)[^\n,。;()]{0,8}?(?:牵头|责任|配合|主责|由)")

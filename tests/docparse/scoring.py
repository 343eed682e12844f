"""Score a parse result against a hand-made gold answer (both in the contract's shape).

`score(parsed, gold)` matches tasks, units and targets the way tests/docparse/contract.md
describes and returns a `Score` whose `.report()` explains every miss, so a failing
threshold assertion says *why* (which task, which unit, which target).

Matching rules, chosen so that layout noise never counts as a parse error:
- Names and titles are compared after `norm()`: full-width→ASCII and Traditional→Simplified
  (the parser's own `fold`), all whitespace removed, trailing punctuation stripped.
- Tasks: exact normalised title first; then, among the rest, one title contained in the
  other (best length ratio first). One-to-one.
- Units: sets per matched task, lead and co counted separately; the units of an unmatched
  task are all FN (gold) or FP (parsed).
- Targets: inside a matched task, by base value (relative tolerance 1e-6) and normalised
  unit (a leading measure word 个 is ignored: 个工作日 = 工作日); valueless targets (turn_positive, zero) match on op. Ties are broken by subject,
  then name similarity, then document order. One-to-one. Gold targets marked
  `required: false` are matched last, on value alone (their unit is often as unsettled as
  the target): a parsed target that matches one is dropped from both sides, an unmatched
  one is not a miss.
- Comparator accuracy over matched required targets ("between" also needs value_max);
  subject accuracy over matched targets whose gold names a subject.
- Meta and reporting: every field present in the gold must be equal after `norm()`
  (addressees as a set).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from duban.docparse.normalize import fold

META_FIELDS = (
    "title",
    "doc_number",
    "index_number",
    "issuer",
    "published",
    "addressees",
    "plan_title",
)
REPORTING_FIELDS = ("deadline", "to", "channel")

_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[。.,,;;::、!!??]+$")
_PLACE_SUFFIX = re.compile(r"(两市|三市|[市县区州旗镇乡])$")


def norm(text) -> str:
    """Comparison form of a name or title."""
    if text is None:
        return ""
    text = _SPACE.sub("", fold(str(text)))
    return _TRAILING.sub("", text)


def _norm_unit(unit) -> str:
    # "3个工作日" / "2个百分点": whether the measure word 个 belongs to the unit is a
    # writing choice the contract does not settle, so it is not compared.
    unit = norm(unit)
    return unit[1:] if len(unit) > 1 and unit.startswith("个") else unit


def _same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def _same_subject(a, b) -> bool:
    a, b = norm(a), norm(b)
    if a == b:
        return True
    return bool(a) and bool(b) and _PLACE_SUFFIX.sub("", a) == _PLACE_SUFFIX.sub("", b)


def _similarity(a: str, b: str) -> float:
    a, b = set(norm(a)), set(norm(b))
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class PRF:
    """True positives, false positives, false negatives, with precision/recall/F1.
    An empty comparison (nothing expected, nothing found) is perfect."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, parsed: set) -> tuple[set, set]:
        """Count one set comparison; returns (missed, extra)."""
        self.tp += len(gold & parsed)
        self.fp += len(parsed - gold)
        self.fn += len(gold - parsed)
        return gold - parsed, parsed - gold

    def __str__(self) -> str:
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"(tp={self.tp} fp={self.fp} fn={self.fn})"
        )


@dataclass
class Ratio:
    """Accuracy over a number of checked items; perfect when nothing was checked."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.right}/{self.total})"


@dataclass
class Score:
    tasks: PRF = field(default_factory=PRF)
    lead: PRF = field(default_factory=PRF)
    co: PRF = field(default_factory=PRF)
    leaders: PRF = field(default_factory=PRF)
    targets: PRF = field(default_factory=PRF)
    op: Ratio = field(default_factory=Ratio)
    subject: Ratio = field(default_factory=Ratio)
    task_deadline: Ratio = field(default_factory=Ratio)
    target_deadline: Ratio = field(default_factory=Ratio)
    group: Ratio = field(default_factory=Ratio)
    # (field, expected, got)
    meta_mismatches: list[tuple[str, object, object]] = field(default_factory=list)
    reporting_mismatches: list[tuple[str, object, object]] = field(default_factory=list)
    # Human-readable findings, grouped by section, for report().
    notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def op_accuracy(self) -> float:
        return self.op.value

    @property
    def subject_accuracy(self) -> float:
        return self.subject.value

    @property
    def task_deadline_accuracy(self) -> float:
        return self.task_deadline.value

    @property
    def perfect(self) -> bool:
        return (
            all(p.fp == 0 and p.fn == 0 for p in (self.tasks, self.lead, self.co, self.targets))
            and self.op.value == 1.0
            and self.subject.value == 1.0
            and not self.meta_mismatches
            and not self.reporting_mismatches
        )

    def note(self, section: str, line: str) -> None:
        self.notes.setdefault(section, []).append(line)

    def report(self) -> str:
        lines = []

        def section(name: str, summary: str) -> None:
            lines.append(f"{name:<16} {summary}")
            for item in self.notes.get(name, []):
                lines.append(f"    {item}")

        section("tasks", str(self.tasks))
        section("lead units", str(self.lead))
        section("co units", str(self.co))
        section("leaders", str(self.leaders))
        section("targets", str(self.targets))
        section("op accuracy", str(self.op))
        section("subject accuracy", str(self.subject))
        section("task deadlines", str(self.task_deadline))
        section("target deadlines", str(self.target_deadline))
        section("groups", str(self.group))
        lines.append(f"meta             {len(self.meta_mismatches)} mismatch(es)")
        for name, want, got in self.meta_mismatches:
            lines.append(f"    {name}: expected {want!r}, got {got!r}")
        lines.append(f"reporting        {len(self.reporting_mismatches)} mismatch(es)")
        for name, want, got in self.reporting_mismatches:
            lines.append(f"    {name}: expected {want!r}, got {got!r}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()


def _match_tasks(gold_tasks: list[dict], parsed_tasks: list[dict]) -> list[tuple[int, int, str]]:
    """One-to-one pairs (gold index, parsed index, how)."""
    g_titles = [norm(t.get("title")) for t in gold_tasks]
    p_titles = [norm(t.get("title")) for t in parsed_tasks]
    pairs: list[tuple[int, int, str]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for gi, gt in enumerate(g_titles):
        for pi, pt in enumerate(p_titles):
            if pi not in used_p and gt and gt == pt:
                pairs.append((gi, pi, "exact"))
                used_g.add(gi)
                used_p.add(pi)
                break
    candidates = []
    for gi, gt in enumerate(g_titles):
        if gi in used_g or not gt:
            continue
        for pi, pt in enumerate(p_titles):
            if pi in used_p or not pt:
                continue
            short, long_ = sorted((gt, pt), key=len)
            if len(short) >= 2 and short in long_:
                candidates.append((-len(short) / len(long_), gi, pi))
    for _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi, "contained"))
            used_g.add(gi)
            used_p.add(pi)
    return sorted(pairs)


def _target_key_matches(g: dict, p: dict, *, any_unit: bool = False) -> bool:
    gv, pv = g.get("value"), p.get("value")
    if gv is None or pv is None:
        return gv is None and pv is None and g.get("op") == p.get("op")
    if any_unit:
        return _same_value(gv, pv)
    return _same_value(gv, pv) and _norm_unit(g.get("unit")) == _norm_unit(p.get("unit"))


def _pair_targets(
    gold: list[tuple[int, dict]], parsed: list[tuple[int, dict]], *, any_unit: bool = False
):
    """Greedy one-to-one pairing of targets that match on value and unit (on value
    alone with `any_unit`), best tie-break first. Returns [(gold position, parsed position)]."""
    candidates = []
    for gpos, (_, g) in enumerate(gold):
        for ppos, (_, p) in enumerate(parsed):
            if _target_key_matches(g, p, any_unit=any_unit):
                rank = (
                    0 if _same_subject(g.get("subject"), p.get("subject")) else 1,
                    -_similarity(g.get("name", ""), p.get("name", "")),
                    -_similarity(g.get("text", ""), p.get("text", "")),
                    abs(gpos - ppos),
                    gpos,
                    ppos,
                )
                candidates.append((rank, gpos, ppos))
    pairs = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gpos, ppos in sorted(candidates):
        if gpos not in used_g and ppos not in used_p:
            pairs.append((gpos, ppos))
            used_g.add(gpos)
            used_p.add(ppos)
    return pairs


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe_target(t: dict) -> str:
    value = _number(t.get("value"))
    if t.get("op") == "between":
        value = f"{value}..{_number(t.get('value_max'))}"
    subject = f"[{t.get('subject')}] " if t.get("subject") else ""
    text = t.get("text") or t.get("raw") or ""
    return f"{subject}{t.get('name')} {t.get('op')} {value} {t.get('unit') or ''} «{text}»"


def _score_targets(score: Score, label: str, gold: list[dict], parsed: list[dict]) -> None:
    required = [(i, t) for i, t in enumerate(gold) if t.get("required", True) is not False]
    optional = [(i, t) for i, t in enumerate(gold) if t.get("required", True) is False]
    found = list(enumerate(parsed))

    pairs = _pair_targets(required, found)
    matched_p = {ppos for _, ppos in pairs}
    matched_g = {gpos for gpos, _ in pairs}
    rest = [found[ppos] for ppos in range(len(found)) if ppos not in matched_p]
    # Parsed targets that hit an ambiguous gold target are neither rewarded nor punished.
    # An ambiguous target is often ambiguous in its unit too (台(套), 个百分点): any unit.
    optional_pairs = _pair_targets(optional, rest, any_unit=True)
    ignored_p = {ppos for _, ppos in optional_pairs}
    rest = [t for ppos, t in enumerate(rest) if ppos not in ignored_p]

    score.targets.tp += len(pairs)
    score.targets.fn += len(required) - len(pairs)
    score.targets.fp += len(rest)
    for gpos, (_, g) in enumerate(required):
        if gpos not in matched_g:
            score.note("targets", f"{label}: missed {describe_target(g)}")
    for _, p in rest:
        score.note("targets", f"{label}: extra  {describe_target(p)}")

    for gpos, ppos in pairs:
        g, p = required[gpos][1], found[ppos][1]
        op_ok = g.get("op") == p.get("op")
        if op_ok and g.get("op") == "between":
            op_ok = _same_value(g.get("value_max"), p.get("value_max"))
        score.op.total += 1
        score.op.right += op_ok
        if not op_ok:
            score.note(
                "op accuracy",
                f"{label}: {describe_target(g)} — parsed op {p.get('op')} "
                f"(value_max {p.get('value_max')})",
            )
        if g.get("subject"):
            ok = _same_subject(g.get("subject"), p.get("subject"))
            score.subject.total += 1
            score.subject.right += ok
            if not ok:
                score.note(
                    "subject accuracy",
                    f"{label}: {describe_target(g)} — parsed subject {p.get('subject')!r}",
                )
        if g.get("deadline"):
            ok = g.get("deadline") == p.get("deadline")
            score.target_deadline.total += 1
            score.target_deadline.right += ok
            if not ok:
                score.note(
                    "target deadlines",
                    f"{label}: {describe_target(g)} — expected {g.get('deadline')}, "
                    f"got {p.get('deadline')}",
                )


def _names(task: dict, key: str) -> set[str]:
    return {norm(u) for u in task.get(key) or [] if norm(u)}


def _task_label(task: dict) -> str:
    key = task.get("key")
    return f"{key} {task.get('title')}" if key else str(task.get("title"))


def _same_field(want, got) -> bool:
    if isinstance(want, list) or isinstance(got, list):
        return {norm(x) for x in want or []} == {norm(x) for x in got or []}
    return norm(want) == norm(got)


def score(parsed: dict, gold: dict) -> Score:
    """Compare a contract-shaped parse result with a contract-shaped gold answer."""
    result = Score()
    gold_tasks = gold.get("tasks") or []
    parsed_tasks = parsed.get("tasks") or []
    pairs = _match_tasks(gold_tasks, parsed_tasks)
    matched_g = {gi for gi, _, _ in pairs}
    matched_p = {pi for _, pi, _ in pairs}

    result.tasks.tp = len(pairs)
    result.tasks.fn = len(gold_tasks) - len(pairs)
    result.tasks.fp = len(parsed_tasks) - len(pairs)
    for gi, g in enumerate(gold_tasks):
        if gi not in matched_g:
            result.note("tasks", f"missed: {_task_label(g)}")
    for pi, p in enumerate(parsed_tasks):
        if pi not in matched_p:
            result.note("tasks", f"extra:  {_task_label(p)}")
    for gi, pi, how in pairs:
        if how != "exact":
            result.note(
                "tasks",
                f"matched by containment: gold {gold_tasks[gi].get('title')!r} "
                f"~ parsed {parsed_tasks[pi].get('title')!r}",
            )

    unit_scores = (
        ("lead_units", result.lead, "lead units"),
        ("co_units", result.co, "co units"),
        ("leaders", result.leaders, "leaders"),
    )
    for gi, pi, _ in pairs:
        g, p = gold_tasks[gi], parsed_tasks[pi]
        label = _task_label(g)
        for key, prf, section in unit_scores:
            missed, extra = prf.add(_names(g, key), _names(p, key))
            if missed:
                result.note(section, f"{label}: missed {sorted(missed)}")
            if extra:
                result.note(section, f"{label}: extra  {sorted(extra)}")
        _score_targets(result, label, g.get("indicators") or [], p.get("indicators") or [])
        if "deadline" in g:
            ok = g.get("deadline") == p.get("deadline")
            result.task_deadline.total += 1
            result.task_deadline.right += ok
            if not ok:
                result.note(
                    "task deadlines",
                    f"{label}: expected {g.get('deadline')}, got {p.get('deadline')}",
                )
        if g.get("group"):
            ok = norm(g.get("group")) == norm(p.get("group"))
            result.group.total += 1
            result.group.right += ok
            if not ok:
                result.note(
                    "groups", f"{label}: expected {g.get('group')!r}, got {p.get('group')!r}"
                )

    for gi, g in enumerate(gold_tasks):
        if gi in matched_g:
            continue
        label = _task_label(g)
        for key, prf, _ in unit_scores:
            prf.fn += len(_names(g, key))
        missing = [t for t in g.get("indicators") or [] if t.get("required", True) is not False]
        result.targets.fn += len(missing)
        for t in missing:
            result.note("targets", f"{label} (task missed): missed {describe_target(t)}")
    for pi, p in enumerate(parsed_tasks):
        if pi in matched_p:
            continue
        for key, prf, _ in unit_scores:
            prf.fp += len(_names(p, key))
        extra = p.get("indicators") or []
        result.targets.fp += len(extra)
        for t in extra:
            result.note("targets", f"{_task_label(p)} (extra task): extra  {describe_target(t)}")

    for section, fields, sink in (
        ("meta", META_FIELDS, result.meta_mismatches),
        ("reporting", REPORTING_FIELDS, result.reporting_mismatches),
    ):
        want_all = gold.get(section) or {}
        got_all = parsed.get(section) or {}
        for name in fields:
            if name in want_all and not _same_field(want_all[name], got_all.get(name)):
                sink.append((name, want_all[name], got_all.get(name)))
    return result

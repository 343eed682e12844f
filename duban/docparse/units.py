"""Unit clauses: who answers for a task.

Works on the folded text (see normalize.fold), so brackets, colons and commas
are ASCII whatever the source used. Forms understood:

- labelled: "(牵头单位:A、B,责任单位:C)", "〔责任单位:C〕", a line "牵头单位:A" under an
  item, several labels on one line; labels for leaders (责任领导 …) and deadlines
  (完成时限 …) in the same clause;
- unlabelled: "A牵头,B配合", "A、B按职责分工负责", "A负责" — accepted only when every
  name looks like a unit, so an ordinary sentence ending in 负责 is never a clause;
- "下同" in a clause: its units carry forward to the following items that name none;
- a list with its lead marked: "A(牵头)、B、C"; labels in 【】 on a line of their own;
  a label clause after a full stop ("…。责任单位:A、B。"); an item that opens with its
  units ("由A牵头,会同B、C,完成…", "A会同B负责,…", "A负责…");
- standing rules: "以下均需X落实,不再列出", "排在第一位的为牵头单位";
- a clause that looks back over several items: "(以上两项牵头单位:A)", "以上各项由A
  牵头,B配合。", "上述任务责任单位:A" (`Clause.back` says how many; the parser
  gives the clause to those items).

Roles (tests/docparse/contract.md): 牵头 → lead; 责任 beside 牵头 → co; 责任 alone → co
with no lead; 责任 paired with 配合 → 责任 are the leads.
"""

from __future__ import annotations

import re

from . import dates, rx
from .labels import (  # noqa: F401 — roles and the label map are read through units too
    _SHORT_LABELS,
    CO,
    DEADLINE,
    LABEL_ROLE,
    LEAD,
    LEADER,
    LOOK_BACK_HINT_RE,
    LOOK_BACK_RE,
    RESP,
    SOFT,
    current,
)
from .outline import cn_int
from .record import field, record


def _label_clause_end(folded: str, a: int, end: int) -> int:
    """End of a label clause starting at `a`: the end of its line, or an earlier
    full stop that is not followed by another label."""
    line_end = folded.find("\n", a, end)
    line_end = end if line_end < 0 else line_end
    stop = folded.find("。", a, line_end)
    while stop >= 0:
        if not current().label_ahead_re.match(folded, stop + 1, line_end):
            return stop
        stop = folded.find("。", stop + 1, line_end)
    return line_end


# Site furniture of a scraped page ("主办单位:XX办公室 网站标识码:…"): no clause.
_DEBRIS_RE = rx.compile(r"网站标识码|ICP|备案号|版权所有|Copyright|技术支持|网站地图|联系电话|邮编")
# One bracketed group, one level of nested round brackets allowed inside.
# A clause may be broken once across lines ("(牵头单位:A,\n责任单位:B)").
_IN_BRACKET = r"(?:[^()〔〕【】\[\]\n]|\([^()\n]{0,60}\))"
BRACKET_RE = rx.compile(
    rf"[(〔【\[]({_IN_BRACKET}{{0,300}}(?:\n{_IN_BRACKET}{{1,300}})?)[)〕】\]]",
)

# Verbs that give the role of the names before them in an unlabelled clause.
_VERB_RE = rx.compile(
    r"(?P<verb>为牵头单位|为牵头部门|为责任单位|为责任部门|为配合单位|为配合部门|"
    r"牵头抓总|牵头负责|牵头落实|牵头组织|牵头|"
    r"按职责分工负责|按职责分工落实|按职能分工负责|根据职责分工负责|按职责负责|"
    r"分别负责|共同负责|具体负责|负责落实|组织实施|负责|"
    r"配合落实|协同配合|配合|参与|协同|协助)"
)


def _verb_role(verb: str) -> str:
    if "牵头" in verb:
        return LEAD
    if any(word in verb for word in ("配合", "参与", "协同", "协助")):
        return CO
    return RESP


# What a unit name may end with. Collective names ("各有关单位", "市直各部门") end
# with 单位/部门 and are covered too.
UNIT_SUFFIX_RE = rx.compile(
    r"(?:委员会|办公室|人民政府|政府|行委|管委会|委|局|办|厅|部|院|会|府|室|队|处|科|所|站|馆|"
    r"团|联|社|署|中心|公司|集团|银行|支行|分行|单位|部门|机构|组织|协会|学会|"
    r"党委|党组|法院|检察院|军分区|武装部|海关|口岸|园区|开发区|试验区|示范区|"
    r"各市|各县|各区|各州|各盟|各旗|县级市|[市县区州盟旗镇乡]|街道|"
    r"供电公司|分公司|站所|大学|学校|医院|电视台|报社|总工会|团委|妇联|科协|残联|"
    r"企业|银保监分局|集团公司|合作社|办事处|指挥部|领导小组)$"
)
_ADMIN_ONLY_RE = rx.compile(r"^(?:各|相关|有关)[市县区州盟旗乡镇]{1,3}$")
_BARE_SUFFIX_RE = rx.compile(
    r"^(?:委|办|局|厅|室|部|院|所|队|站|中心|公司|人民政府|政府|党委|党组|管委会|办事处)$"
)
_GENERIC_ORGAN_RE = rx.compile(
    r"(?:[市县区州盟旗乡镇]|街道|乡镇|区县|市县|县区)(?:人民政府|政府|党委|党工委|办事处|级市)"
)
_ADMIN_HEAD_RE = rx.compile(r"^[市县区州盟旗乡镇]")
_NOISE_RE = rx.compile(
    r"[(\[〔]\s*按职责分工\s*[)\]〕]|按职责分工负责|按职责分工落实|按职能分工负责|"
    r"根据职责分工负责|按职责分工|按职责|分别负责|共同负责|具体负责|负责落实|负责$"
)
_CARRY_RE = rx.compile(r"(?:以下|下)同|下略")
_PERSISTENT_RE = rx.compile(
    r"(?:以下|下列|后续)(?:各项|任务|事项|工作)?(?:均|都|皆|统一)(?:需要|需|须|由|请)?"
    r"(?P<names>[^,,;;]{2,60}?)(?:负责落实|落实|负责|参与|配合|承担)"
    r"(?:[^,,;;)]{0,10})(?:[,,]?\s*(?:不再|不)(?:一一|单独|逐项)?(?:列出|列明|标注))?"
)
_FIRST_LEAD_RE = rx.compile(
    r"[。.,,;;]?\s*(?:排在|排|列|位列|列在)?(?:第一位|第一个|首位|第1位|首个|最前面)"
    r"(?:的|者|单位)*(?:为|是|系|作为)(?:牵头单位|牵头部门|牵头)"
    r"(?P<carry>\s*[,,]?\s*(?:以下|下)同)?"
)
_LEAD_MARK_IN_RE = rx.compile(r"\((?:牵头|牵头单位|主责|牵头部门)\)")
_LEAD_MARK_RE = rx.compile(r"\((?:牵头|牵头单位|主责|牵头部门)\)$")
_SEPARATORS = "、,;;,/"
_TRAILING_JUNK = rx.compile(r"(?:等有关单位|等相关单位|等部门|等单位|等)$")
_EDGE_JUNK = "\x00 \t\n。.,,;;:、\"'“”"
_NAME_OK_RE = rx.compile(r"^[\u3400-\u9fffA-Za-z0-9()“”\"·\-、]{2,40}$")  # 、 inside collectives


@record
class Clause:
    """Units named by one clause (one bracket, one label line or one sentence)."""

    span: tuple[int, int]
    roles: dict[str, list[str]] = field(default_factory=dict)  # LEAD/RESP/CO/LEADER → names
    deadline_text: str | None = None
    deadline_span: tuple[int, int] | None = None
    carry: bool = False
    # "以下均需X落实,不再列出": units of this and every later task, by role.
    persistent: dict[str, list[str]] = field(default_factory=dict)
    # "排在第一位的为牵头单位": the first 责任单位 listed is the lead.
    first_is_lead: bool = False
    rule_carry: bool = False  # the rule above holds for later items too (下同)
    # "(以上两项牵头单位:…)": the clause closes this many items, counting back from
    # the one it stands in (0: every item back to the last one with its own units).
    back: int | None = None
    # Unit name → the label its role was read from ("落实主体:A" → A: 落实主体).
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def has_units(self) -> bool:
        return any(self.roles.get(r) for r in (LEAD, RESP, CO))


def split_units(segment: str) -> tuple[list[str], bool]:
    """Split a list of unit names; returns (names, carries_forward).

    Separators are 、 , ; / and runs of spaces at bracket depth 0; a collective
    "各市、县人民政府" stays one name; "等" at the end and "按职责分工" are dropped."""
    segment = segment.replace(SOFT, "")
    carry = "同" in segment and bool(_CARRY_RE.search(segment))
    if carry:
        segment = _CARRY_RE.sub("", segment)
    segment = _NOISE_RE.sub("", segment.strip(_EDGE_JUNK))
    tokens: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in segment:
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        if depth == 0 and (ch in _SEPARATORS or ch.isspace()):
            tokens.append("".join(current))
            current = []
            continue
        current.append(ch)
    tokens.append("".join(current))
    # Rejoin the separators inside collective names: "各市"+"县人民政府", "各区"+"县级市".
    names: list[str] = []
    joiner = ""
    for raw in tokens:
        token = raw.strip(_EDGE_JUNK)
        if not token:
            continue
        if names and _BARE_SUFFIX_RE.match(token):
            # "市政府各委、办、局": a bare 办 or 局 finishes a collective name.
            names[-1] = names[-1] + "、" + token
            continue
        if names and names[-1].startswith("各") and _GENERIC_ORGAN_RE.fullmatch(token):
            # "各镇人民政府、街道办事处", "各街道办事处、镇人民政府": 各 covers both.
            names[-1] = names[-1] + "、" + token
            continue
        if names and joiner and _ADMIN_HEAD_RE.match(token):
            names[-1] = names[-1] + joiner + token
            joiner = "、" if _ADMIN_ONLY_RE.match(token) else ""
            continue
        names.append(token)
        joiner = "、" if _ADMIN_ONLY_RE.match(token) else ""
    cleaned = []
    for name in _shared_suffix(_split_ji(names)):
        name = _TRAILING_JUNK.sub("", _NOISE_RE.sub("", name)).strip(_EDGE_JUNK)
        while name.endswith((")", "]", "〕", "】")) and name.count("(") < name.count(")") + (
            name[-1] != ")"
        ):
            name = name[:-1].strip(_EDGE_JUNK)
        # One character is no organisation: what a cut-off page leaves ("区").
        if len(name) > 1 and name not in cleaned:
            cleaned.append(name)
    return cleaned, carry


_JI_RE = rx.compile(r"(?:以及|及)")
_PLACE_ONLY_RE = rx.compile(r"^[\u3400-\u9fff]{2,4}$")
_GOVERNMENT_END_RE = rx.compile(r"[市县区州旗](?:人民)?政府$")


def _split_ji(names: list[str]) -> list[str]:
    """ "市级各有关部门及各县市区政府": two units joined by 及 — when both look like units."""
    out = []
    for name in names:
        parts = _JI_RE.split(name)
        if len(parts) > 1 and all(looks_like_unit(p) for p in parts):
            out.extend(parts)
        else:
            out.append(name)
    return out


def _shared_suffix(names: list[str]) -> list[str]:
    """ "哈尔滨、黑河、绥芬河市政府": bare place names before a government share its
    suffix; as written they are one entry, not two names and a government."""
    out: list[str] = []
    run: list[str] = []
    for name in names:
        if _PLACE_ONLY_RE.match(name) and not looks_like_unit(name):
            run.append(name)
            continue
        if run and _GOVERNMENT_END_RE.search(name):
            out.append("、".join([*run, name]))
        else:
            out.extend([*run, name])
        run = []
    return out + run


def with_marked_leads(names: list[str], role: str) -> dict[str, list[str]]:
    """Names of one list by role: "A(牵头)、B、C" — A leads whatever the list's label."""
    out: dict[str, list[str]] = {}
    for name in names:
        marked = _LEAD_MARK_RE.search(name)
        name_role = LEAD if marked else role
        if marked:
            name = name[: marked.start()]
        if name:
            out.setdefault(name_role, []).append(name)
    return out


def looks_like_unit(name: str) -> bool:
    """A plausible organisation name (used to accept unlabelled clauses)."""
    return bool(_NAME_OK_RE.match(name)) and (
        bool(UNIT_SUFFIX_RE.search(name)) or name.startswith("各")
    )


def _labelled(content: str, base: int) -> Clause | None:
    """Parse a clause whose content holds labels; None if it has none."""
    # Soft line breaks (parser.unwrap) may split a label ("责任\n单位"); inside a
    # clause only names matter, so drop them (spans inside shift by a few chars).
    content = content.replace(SOFT, "")
    first_lead = _FIRST_LEAD_RE.search(content) if "牵头" in content[2:] else None
    if first_lead:
        # Blank the rule out (same length, so offsets still hold).
        content = (
            content[: first_lead.start()]
            + " " * (first_lead.end() - first_lead.start())
            + content[first_lead.end() :]
        )
    hits = []
    vocabulary = current()
    for m in vocabulary.label_re.finditer(content):
        label = m.group("label") or m.group("blabel")
        if m.group("open"):
            hits.append(m)
            continue
        if label in _SHORT_LABELS and not m.group("colon"):
            continue
        # A label starts the clause or follows a separator; "州政府办公室牵头" is not one.
        k = m.start() - 1
        while k >= 0 and content[k] in " \t":
            k -= 1
        if k >= 0 and content[k] not in ",;;,、。(" and not m.group("colon"):
            continue
        hits.append(m)
    if not hits:
        return None
    clause = Clause(span=(base, base + len(content)))
    if first_lead:
        clause.first_is_lead = True
        clause.rule_carry = bool(first_lead.group("carry"))
    lead_text = content[: hits[0].start()].strip(_EDGE_JUNK)
    if lead_text:
        unlabelled = _unlabelled(lead_text, base)
        if unlabelled is not None:
            _merge_roles(clause, unlabelled)
            clause.carry |= unlabelled.carry
    for i, m in enumerate(hits):
        label = m.group("label") or m.group("blabel")
        role = vocabulary.label_role[label]
        seg_start = m.end()
        seg_end = hits[i + 1].start() if i + 1 < len(hits) else len(content)
        segment = content[seg_start:seg_end]
        if role == DEADLINE:
            text = segment.strip(_EDGE_JUNK)
            if text and clause.deadline_text is None:
                offset = seg_start + segment.find(text)
                clause.deadline_text = text
                clause.deadline_span = (base + offset, base + offset + len(text))
            continue
        rule = (
            _PERSISTENT_RE.search(segment)
            if any(word in segment for word in ("均", "都", "皆", "统一"))
            else None
        )
        if rule and role != LEADER:
            always, _ = split_units(rule.group("names"))
            clause.persistent.setdefault(role, []).extend(always)
            segment = segment[: rule.start()] + "," + ",".join(always) + segment[rule.end() :]
        names, carry = split_units(segment)
        clause.carry |= carry
        if role == LEADER:
            clause.roles.setdefault(LEADER, []).extend(names)
            continue
        for name_role, marked in with_marked_leads(names, role).items():
            bucket = clause.roles.setdefault(name_role, [])
            bucket.extend(n for n in marked if n not in bucket)
            if name_role == role:  # "A(牵头)" under 责任单位 leads by its mark, not the label
                for name in marked:
                    clause.labels.setdefault(name, label)
    if not clause.has_units and not clause.roles.get(LEADER) and not clause.deadline_text:
        return None
    return clause


def _unlabelled(content: str, base: int) -> Clause | None:
    """ "A牵头,B配合" / "A、B按职责分工负责" / "A负责"; None unless every name is a unit."""
    content = content.replace(SOFT, "")
    content = content.strip(_EDGE_JUNK)
    if not content:
        return None
    clause = Clause(span=(base, base + len(content)))
    if _LEAD_MARK_IN_RE.search(content):
        # "(A(牵头)、B、C)": a bare list with its lead marked.
        names, _ = split_units(content)
        marked = with_marked_leads(names, RESP)
        if marked.get(LEAD) and all(looks_like_unit(n) for ns in marked.values() for n in ns):
            clause.roles = marked
            return clause
    pos = 0
    for m in _VERB_RE.finditer(content):
        names, carry = split_units(
            re.sub(r"^[由请]", "", content[pos : m.start()].strip(_EDGE_JUNK))
        )
        clause.carry |= carry
        if not names:
            pos = m.end()
            continue
        if not all(looks_like_unit(n) for n in names):
            return None
        role = _verb_role(m.group("verb"))
        bucket = clause.roles.setdefault(role, [])
        bucket.extend(n for n in names if n not in bucket)
        pos = m.end()
    rest = content[pos:].strip(_EDGE_JUNK)
    if rest:
        names, carry = split_units(rest)
        if names and not carry:
            if len(rest) > 16 or dates.resolve(rest, year=2000) is None:
                return None  # text after the last verb: not a unit clause
            # "X负责,Y配合,2023年9月底前完成": the deadline of the task.
            offset = content.rfind(rest)
            clause.deadline_text = rest
            clause.deadline_span = (base + offset, base + offset + len(rest))
        clause.carry |= carry
    return clause if clause.has_units else None


def parse_clause(content: str, base: int = 0, *, labelled_only: bool = False) -> Clause | None:
    """Parse the inside of one clause found at offset `base`."""
    clause = _labelled(content, base)
    if clause is None and not labelled_only:
        clause = _unlabelled(content, base)
    return clause


def _merge_roles(into: Clause, other: Clause) -> None:
    for role, names in other.roles.items():
        bucket = into.roles.setdefault(role, [])
        bucket.extend(n for n in names if n not in bucket)


_DEADLINE_WORD_RE = rx.compile(r"前|底|末|完成|截止|以内|之内|长期坚持|持续推进")


def _deadline_only(content: str, base: int) -> Clause | None:
    """A bracket that only states when: "(2021年10月底前完成)", "(长期坚持)"."""
    text = content.strip()
    if len(text) > 16 or not _DEADLINE_WORD_RE.search(text) or re.search(r"[,,;;、]", text):
        return None
    if dates.resolve(text, year=2000) is None and not text.startswith(("长期", "持续")):
        return None
    return Clause(
        span=(base, base + len(content)),
        deadline_text=text,
        deadline_span=(base, base + len(content)),
    )


def _sentence_ends_after(folded: str, pos: int, end: int) -> bool:
    """True when only closing punctuation lies between pos and the end of the line."""
    i = pos
    while i < end and folded[i] in " \t。.;;,,":
        i += 1
    return i >= end or folded[i] == "\n"


def _look_back(content: str) -> tuple[int, int | None]:
    """(length of a look-back prefix "以上两项" at the start of `content`, the number
    of items it counts back: 0 for all); (0, None) when there is none."""
    m = LOOK_BACK_RE.match(content)
    if not m or m.end() == 0:
        return 0, None
    if not (m["n"] or m["item"] or m["what"]) and not (
        current().label_re.match(content, m.end()) or content.startswith("由", m.end())
    ):
        return 0, None  # "以上单位…": the units above, not the items
    n = m.group("n")
    if n is None or n == "各":
        return m.end(), 0
    count = int(n) if n.isdigit() else cn_int(n.replace("两", "二"))
    return (m.end(), count) if count and count >= 1 else (0, None)


def find_clauses(folded: str, start: int, end: int) -> list[Clause]:
    """All unit clauses in folded[start:end], in order."""
    clauses: list[Clause] = []
    taken: list[tuple[int, int]] = []
    region = folded[start:end]
    for m in BRACKET_RE.finditer(region):
        content = m.group(1)
        inner = start + m.start(1)
        skip, back = _look_back(content) if content[:1] in "以上前" else (0, None)
        if back is not None:
            content, inner = content[skip:], inner + skip
        clause = _labelled(content, inner)
        if clause is None and _sentence_ends_after(folded, start + m.end(), end):
            clause = _unlabelled(content, inner) or _deadline_only(content, inner)
        if clause is not None and back is not None:
            clause.back = back if clause.has_units else None
        if clause is not None:
            clause.span = (start + m.start(), start + m.end())
            clauses.append(clause)
            taken.append(clause.span)
    taken_i = 0  # brackets and label clauses both come in document order
    last_end = start
    for m in current().label_start_re.finditer(folded, start, end):
        a = m.start("label")
        while taken_i < len(taken) and taken[taken_i][1] <= a:
            taken_i += 1
        if (taken_i < len(taken) and taken[taken_i][0] <= a) or a < last_end:
            continue
        b = _label_clause_end(folded, a, end)
        content = folded[a:b]
        if _DEBRIS_RE.search(content):
            continue
        back = None
        if m.group("back"):
            skip, back = _look_back(m.group("back"))
            if back is None or m.start("back") + skip != a:
                continue  # words before the label that are no look-back
        clause = _labelled(content, a)
        if clause is not None:
            clause.back = back if clause.has_units else None
            clause.span = (m.start("back") if back is not None else a, b)
            clauses.append(clause)
            last_end = b
    if not any(c.has_units for c in clauses):
        tail = _trailing_sentence(folded, start, end)
        if tail is not None and _VERB_RE.search(folded, *tail):
            a, b = tail
            skip, back = _look_back(folded[a:b]) if folded[a] in "以上前" else (0, None)
            clause = _unlabelled(folded[a + skip : b], a + skip)
            if clause is not None:
                clause.span = (a, b)
                clause.back = back
                clauses.append(clause)
    clauses.sort(key=lambda c: c.span)
    return clauses


def _trailing_sentence(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """The last sentence of folded[start:end] (without its full stop)."""
    b = end
    while b > start and folded[b - 1] in " \t\n。.;;":
        b -= 1
    if b <= start:
        return None
    a = b
    while a > start and folded[a - 1] not in "。;;\n!?:":
        a -= 1
    if b - a > 120:
        return None
    return a, b


# An item that opens with its units: "由X牵头,会同Y、Z,完成…", "X会同Y负责,…",
# "X、Y负责将…", "X牵头,Y配合,…".
_LEADING_RE = rx.compile(
    r"(?P<a>[^,;。:\n]{2,60}?)"
    r"(?:(?P<lead>牵头负责|牵头)(?:[,]?(?:会同|联合|协调|组织)?(?P<b>[^,;。:\n]{2,80}?)"
    r"(?:配合|参与|协同|协助|共同负责|负责)?(?=[,;。]))?"
    r"|会同(?P<c>[^,;。:\n]{2,80}?)(?:共同负责|负责|推进|落实)"
    r"|(?P<resp>负责))"
)


def leading_clause(folded: str, start: int, end: int) -> Clause | None:
    """Units that open an item's text (see _LEADING_RE); None unless every name
    in the lead or responsible position is a unit."""
    text_end = min(end, start + 200)
    m = _LEADING_RE.match(folded, start, text_end)
    if not m:
        return None
    a = re.sub(r"^[由请]", "", m.group("a").replace(SOFT, ""))
    names, _ = split_units(a)
    if not names or not all(looks_like_unit(n) for n in names):
        return None
    clause = Clause(span=(m.start(), m.end()))
    if m.group("resp"):
        clause.roles[RESP] = names
        return clause
    clause.roles[LEAD] = names
    other = m.group("b") or m.group("c")
    if other:
        co, _ = split_units(other.replace(SOFT, ""))
        if co and all(looks_like_unit(n) for n in co):
            clause.roles[CO] = co
    return clause


# "第(一)项由X牵头,Y配合;第(二)项由Z负责": units given for items by number.
_ALLOCATION_RE = rx.compile(
    r"第\s*(?P<n>\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}|\d{1,3})\s*(?:项|条)"
    r"(?:任务|工作|措施)?[,:]?(?P<clause>[^;。\n]{2,120})"
)

_BY = rx.compile(r"^由")


def allocations(folded: str, start: int, end: int) -> dict[str, Clause]:
    """Item label ("(一)", "一", "1") → its units, from a paragraph that allocates
    the items by number; empty unless at least two items are allocated."""
    found: dict[str, Clause] = {}
    for m in _ALLOCATION_RE.finditer(folded, start, end):
        clause = _unlabelled(_BY.sub("", m.group("clause")), m.start("clause"))
        if clause is not None:
            clause.span = (m.start(), m.end())
            found[m.group("n")] = clause
    return found if len(found) >= 2 else {}


def standing_first_is_lead(folded: str, start: int, end: int) -> bool:
    """ "排在首位的为牵头单位" said outside any bracket: a rule for the whole document."""
    for m in _FIRST_LEAD_RE.finditer(folded, start, end):
        opened = folded.rfind("(", start, m.start())
        if opened < 0 or folded.rfind(")", opened, m.start()) >= 0:
            return True
    return False


def resolve_roles(
    roles: dict[str, list[str]], *, first_is_lead: bool = False
) -> tuple[list[str], list[str]]:
    """(lead_units, co_units) from labelled roles, per the contract. With
    `first_is_lead` (the document said so), the first 责任单位 is the lead."""
    if first_is_lead and not roles.get(LEAD) and roles.get(RESP):
        roles = {**roles, LEAD: roles[RESP][:1], RESP: roles[RESP][1:]}
    lead = list(roles.get(LEAD, []))
    resp = [n for n in roles.get(RESP, []) if n not in lead]
    co = [n for n in roles.get(CO, []) if n not in lead]
    if lead:
        co_units = resp + [n for n in co if n not in resp]
        return lead, co_units
    if co and resp:
        return resp, [n for n in co if n not in resp]
    return [], resp + [n for n in co if n not in resp]


def merge_labels(clauses: list[Clause]) -> dict[str, str]:
    """Unit name → the label it was first read under, over several clauses."""
    found: dict[str, str] = {}
    for clause in clauses:
        for name, label in clause.labels.items():
            found.setdefault(name, label)
    return found


def labels_by_role(names_by_role: dict[str, list[str]], label: str, role: str) -> dict[str, str]:
    """Names listed under one label whose role is that label's (not a "(牵头)" mark)."""
    return {name: label for name in names_by_role.get(role, [])}


def merge_clauses(clauses: list[Clause]) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for clause in clauses:
        for role, names in clause.roles.items():
            bucket = roles.setdefault(role, [])
            bucket.extend(n for n in names if n not in bucket)
    return roles

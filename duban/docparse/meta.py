"""Document header and closing: title, 文号, 索引号, issuer, date, addressees,
the attached plan's title, and the reporting clause.

Works on the folded text (ASCII punctuation; 〔〕 and 《》 kept as written).
Everything here is read from the layout conventions of the genre (the
公文格式 standard GB/T 9704 and the way government sites publish it): a title
ending in 通知/方案/意见…, the 发文字号 "X政办〔2020〕91号", a line of addressees
ending in a colon, the signature and date closing the cover notice, then the
plan's own title.
"""

from __future__ import annotations

import re

from . import dates, rx, units
from .model import Meta, Reporting
from .outline import MARKER_RE as _MARKER_RE
from .outline import cn_int
from .record import record

_TITLE_END = (
    r"(?:通知|方案|意见|办法|规划|计划|要点|决定|通报|函|批复|报告|纲要|细则|规定|公告|"
    r"通告|清单|安排|措施|任务分工|分工|实施意见|工作要点|指南|纪要|备忘录|举措)"
)
# "(2022—2024年)", "(试行)", "(征求意见稿)" may follow the kind of document.
_TITLE_TAIL = r"(?:\((?:(?:19|20)\d{2}[^()]{0,12}|试行|暂行|征求意见稿|修订|修订稿|草案|送审稿)\))?"
TITLE_END_RE = rx.compile(rf"{_TITLE_END}{_TITLE_TAIL}[)》]?$")
PLAN_END_RE = rx.compile(
    r"(?:方案|计划|意见|办法|要点|细则|规划|清单|措施|任务|分工|分解|举措|安排|纲要|表|台账)"
    rf"{_TITLE_TAIL}[)》]?$"
)
DOC_NUMBER_RE = rx.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*第?\s*\d{1,4}\s*号"
)
INDEX_RE = rx.compile(r"索\s*引\s*号\s*[::]?\s*([0-9A-Za-z][0-9A-Za-z\-/_.]*)")
_CN_NUM = "〇零○O一二三四五六七八九十"
DATE_RE = rx.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})(?!\d))"
    rf"|(?P<cy>[{_CN_NUM}]{{4}})年(?P<cm>[{_CN_NUM}]{{1,2}})月(?P<cd>[{_CN_NUM}]{{1,3}})日"
)
_LABEL_DATE_RE = rx.compile(
    r"(?P<label>成文日期|发文日期|印发日期|公开日期|发布日期|发布时间|公开时间|日期)\s*[::]?\s*"
)
_ISSUER_RE = rx.compile(
    r"^(.{2,40}?(?:办公室|办公厅|人民政府|委员会|领导小组|指挥部|政府|党委|委|局|厅|部|办|中心))"
    r"(?:关于|印发)"
)
_ISSUER_LABEL_RE = rx.compile(r"(?:发文机关|发文单位|发布机构|发文机构)\s*[::]?\s*([^\s]{2,30})")
_ADDRESSEE_RE = rx.compile(r"^[^::。]{2,200}[::]$")
_NOT_ADDRESSEE = rx.compile(r"索\s*引\s*号|文\s*号|日期|附件|主题词|抄送|联系人|电话")
_SENTENCE_PUNCT = rx.compile(r"[。;!?]")
_TITLE_LABEL_RE = rx.compile(r"^(?:标\s*题|名\s*称|文件名称)\s*[::]\s*")
_ASIDE_RE = rx.compile(r"^[(\[〔【][^()]*[)\]〕】]$")  # "(此件公开发布)"
_ATTACHMENT_RE = rx.compile(r"^附\s*件\s*\d*\s*[::]?$")

_GROUP_SEP = rx.compile(r"[,;]")


def _addressees(line: str) -> list[str]:
    """Addressee groups are separated by commas; a 、 inside a group belongs to
    its collective name ("省政府各部门、各直属机构"). Without commas, split like units."""
    if _GROUP_SEP.search(line):
        names = []
        for group in _GROUP_SEP.split(line):
            group = group.strip(" 、")
            if group and group not in names:
                names.append(group)
        return names
    return units.split_units(line)[0]


def parse_date(s: str) -> str | None:
    """The first full date in s, as ISO: "2020年10月30日", "2020-10-30",
    "二〇二〇年十月三十日"."""
    m = DATE_RE.search(s)
    if not m:
        return None
    return _iso(m)


def _cn_digits(s: str) -> int | None:
    mapped = s.translate(str.maketrans("〇零○O一二三四五六七八九", "000012345678" + "9"))
    if mapped.isdigit() and "十" not in s:
        return int(mapped)
    return cn_int(s)


def _iso(m: re.Match) -> str | None:
    if m.group("cy"):
        y, mo, d = _cn_digits(m.group("cy")), _cn_digits(m.group("cm")), _cn_digits(m.group("cd"))
    else:
        y = int(m.group("y"))
        mo = int(m.group("m") or m.group("m2"))
        d = int(m.group("d") or m.group("d2"))
    if not (y and mo and d) or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


@record
class Line:
    start: int
    end: int
    text: str  # stripped


_LINE = rx.compile(r"[^\n]+")


def lines_of(folded: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Non-empty lines of folded[start:end] with offsets of their stripped text."""
    end = len(folded) if end is None else end
    out = []
    for m in _LINE.finditer(folded[start:end]):
        raw = m.group(0)
        text = raw.strip()
        if text:
            a = start + m.start() + (len(raw) - len(raw.lstrip()))
            out.append(Line(a, a + len(text), text))
    return out


@record
class Header:
    meta: Meta
    year: int | None
    body_start: int  # where the plan's own text begins


_CITING_RE = rx.compile(r"根据|按照|依据|贯彻|落实|参照|《")


def _cited(text: str, pos: int) -> bool:
    """Whether the number at `pos` cites another document (in brackets after a title,
    or in a sentence that refers to it) rather than numbering this one."""
    before = text[max(0, pos - 2) : pos].strip()
    if before.endswith(("(", "》")):
        return True
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_CITING_RE.search(text, line_start, pos))


def _is_date_line(text: str) -> bool:
    """A date standing alone on its line (a signature date, a page's date), not a
    labelled field such as "办结时限:2022年12月31日"."""
    m = DATE_RE.search(text)
    return bool(m) and not (text[: m.start()] + text[m.end() :]).strip(" ()")


# What a web page glues before a title on its line: a bracketed site heading
# ("【市政府重点工作及责任分解】"), the document number ("鞍立政发〔2023〕2号").
_TITLE_DEBRIS_RE = rx.compile(rf"^(?:【[^】\n]{{1,30}}】\s*|(?:{DOC_NUMBER_RE.pattern})\s*)+")
# A line that is page furniture, never the first line of a title.
_NOT_TITLE_RE = rx.compile(r"[【>::]|信息公开|时效性|所在位置|当前位置|首页|浏览")


def _title(lines: list[Line]) -> tuple[str | None, int]:
    """(title, index of its last line) from the first lines."""
    for i, line in enumerate(lines[:25]):
        t = _TITLE_DEBRIS_RE.sub("", _TITLE_LABEL_RE.sub("", line.text))
        if "\t" in t:
            # A metadata table of a web page: "标题⇥…的通知", "索引号⇥…".
            cells = [c.strip() for c in t.split("\t")]
            for k, cell in enumerate(cells[:-1]):
                if re.fullmatch(r"标\s*题|名\s*称|文件名称", cell) and TITLE_END_RE.search(
                    cells[k + 1]
                ):
                    return cells[k + 1], i
            continue
        if _MARKER_RE.match(t):
            break  # the outline has begun: no title below it
        if _SENTENCE_PUNCT.search(t) or len(t) > 120 or _is_date_line(t) or "索引号" in t:
            continue
        if TITLE_END_RE.search(t):
            return t, i
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if _NOT_TITLE_RE.search(t):
            continue
        third = lines[i + 2].text if i + 2 < len(lines) else ""
        if (
            "关于" in t
            and nxt
            and third
            and len(t) + len(nxt) + len(third) <= 90
            and not _SENTENCE_PUNCT.search(nxt + third)
            and not TITLE_END_RE.search(nxt)
            and TITLE_END_RE.search(third)
        ):
            # A title over three lines: "…办公厅关于印发广东省" / "进一步…" / "…方案的通知".
            return t + nxt + third, i + 2
        if (
            nxt
            and 6 <= len(t) <= 60
            and not t[-1].isdigit()
            and not _TITLE_LABEL_RE.match(nxt)
            and not t.endswith(("文件", ":"))
            and TITLE_END_RE.search(nxt)
            and not _SENTENCE_PUNCT.search(nxt)
            and len(nxt) <= 60
        ):
            return t + nxt, i + 1
    return None, -1


def _plan_title(lines: list[Line], first: int) -> tuple[str | None, int]:
    """A title of one to three short lines ending in 方案/计划/意见… from lines[first:]."""
    for i in range(first, min(len(lines), first + 25)):
        t = lines[i].text
        if _ATTACHMENT_RE.match(t) or _is_date_line(t) or _ASIDE_RE.match(t):
            continue
        if _MARKER_RE.match(t):
            break  # the outline has begun
        parts = []
        for j in range(i, min(len(lines), i + 3)):
            tj = lines[j].text
            if _SENTENCE_PUNCT.search(tj) or len(tj) > 60 or tj.endswith(":"):
                break
            parts.append(tj)
            if PLAN_END_RE.search(tj):
                return "".join(parts), j
    return None, -1


_DOC_NUMBER_LABEL = rx.compile(r"文\s*号\s*[::]?\s*")

_FULL_DATE = rx.compile(r"年.*月.*日")

_YEAR_FIRST = rx.compile(r"\s*(?:19|20)\d{2}|\s*[〇零○]")


def extract_header(folded: str) -> Header:
    meta = Meta()
    lines = lines_of(folded, 0, min(len(folded), 6000))
    title, title_idx = _title(lines)
    meta.title = title

    if title:
        m = _ISSUER_RE.match(title)
        if m:
            meta.issuer = m.group(1)

    head_text = folded[: lines[min(len(lines) - 1, title_idx + 12)].end] if lines else ""
    m = _DOC_NUMBER_LABEL.search(head_text)
    doc = DOC_NUMBER_RE.search(head_text, m.end()) if m else None
    if doc is None:
        # The first number that is not a cited document's: "根据《…》(运政办发〔2016〕76号)".
        doc = next(
            (d for d in DOC_NUMBER_RE.finditer(head_text) if not _cited(head_text, d.start())),
            None,
        )
    if doc:
        meta.doc_number = re.sub(r"\s+", "", doc.group(0))
    m = INDEX_RE.search(head_text)
    if m:
        meta.index_number = m.group(1)

    # Addressees: a line ending in a colon soon after the title.
    addressee_idx = -1
    for i in range(title_idx + 1, min(len(lines), title_idx + 10)):
        t = lines[i].text
        last = i
        if t.endswith((",", "、")) and i + 1 < len(lines) and lines[i + 1].text.endswith(":"):
            t, last = t + lines[i + 1].text, i + 1  # addressees run onto a second line
        if _ADDRESSEE_RE.match(t) and not _NOT_ADDRESSEE.search(t) and len(t) <= 150:
            names = _addressees(t.rstrip(":"))
            if names:
                meta.addressees = names
                addressee_idx = last
            break
        if len(t) > 150 or _SENTENCE_PUNCT.search(t):
            break

    # The signature: a date alone on its line after the cover notice, the line
    # before it (if it reads like an organisation) being the issuer.
    signature_idx = -1
    start_scan = max(title_idx, addressee_idx) + 1
    for i in range(start_scan, min(len(lines), start_scan + 15)):
        t = lines[i].text
        if _is_date_line(t) and _FULL_DATE.search(t):
            signature_idx = i
            break
        if len(t) > 300:
            break
    published = None
    labelled: dict[str, str] = {}
    for m in _LABEL_DATE_RE.finditer(head_text):
        iso = parse_date(head_text[m.end() : m.end() + 20])
        if iso and _YEAR_FIRST.match(head_text[m.end() : m.end() + 5]):
            labelled.setdefault(m.group("label"), iso)
    signature: tuple[str, str] | None = None  # (date line, the line before it)
    if signature_idx >= 0:
        prev = lines[signature_idx - 1].text if signature_idx > 0 else ""
        signature = (lines[signature_idx].text, prev)
    else:
        # A notice without an attached plan signs at its end.
        tail = lines_of(folded, max(0, len(folded) - 3000))
        for i in range(len(tail) - 1, max(-1, len(tail) - 12), -1):
            t = tail[i].text
            if _is_date_line(t) and _FULL_DATE.search(t):
                signature = (t, tail[i - 1].text if i > 0 else "")
                break
    if signature:
        published = parse_date(signature[0])
        prev = signature[1]
        if not meta.issuer and prev and units.looks_like_unit(prev) and len(prev) <= 40:
            meta.issuer = prev
    for label in ("成文日期", "发文日期", "印发日期"):
        if label in labelled:
            published = labelled[label]
            break
    if published is None:
        for label in ("公开日期", "发布日期", "发布时间", "公开时间", "日期"):
            if label in labelled:
                published = labelled[label]
                break
    if published is None:
        for line in lines[: max(title_idx, 0) + 6]:
            if _is_date_line(line.text):
                published = parse_date(line.text)
                break
    meta.published = published
    if not meta.issuer:
        m = _ISSUER_LABEL_RE.search(head_text)
        if m:
            meta.issuer = m.group(1)

    # The attached plan's own title follows the signature (or the notice).
    body_start = 0
    after = signature_idx if signature_idx >= 0 else max(title_idx, addressee_idx)
    plan_title, plan_idx = (None, -1)
    if after >= 0 and (signature_idx >= 0 or addressee_idx >= 0):
        plan_title, plan_idx = _plan_title(lines, after + 1)
    if plan_title is None and addressee_idx >= 0 and addressee_idx + 1 < len(lines):
        quoted = re.search(r"《([^《》]{4,80})》", lines[addressee_idx + 1].text)
        if quoted and PLAN_END_RE.search(quoted.group(1)):
            plan_title = quoted.group(1)
    meta.plan_title = plan_title
    if plan_idx >= 0:
        body_start = lines[plan_idx].end
    elif addressee_idx >= 0:
        body_start = lines[addressee_idx].end
    elif title_idx >= 0:
        body_start = lines[title_idx].end

    year = int(published[:4]) if published else None
    if year is None:
        m = re.search(r"(?:19|20)\d{2}", head_text)
        year = int(m.group(0)) if m else None
    return Header(meta=meta, year=year, body_start=body_start)


# ---- the reporting clause ---------------------------------------------------------

_REPORT_VERB = rx.compile(r"报送|上报|报至|报给|报告|提交|反馈|送达|送至|报")
_TO_PATTERNS = (
    rx.compile(r"向(?P<to>[^,,。;;()向]{2,30}?)(?:报送|报告|提交|反馈|上报|书面报告)"),
    rx.compile(
        r"(?:报送至?|上报至?|报至|报给|提交至?|提交给|送至|送达|反馈至|反馈给|发送至|发至)"
        r"(?P<to>[^,,。;;()]{2,40}?)(?=$|[,,。;;(])"
    ),
    rx.compile(r"报(?P<to>[^,,。;;()报]{2,30}?)(?=$|[,,。;;(])"),
)
_TO_TAIL = rx.compile(r"(?:汇总|备案|审核|审定|统一汇总|邮箱|电子邮箱)$")
_CHANNEL_RE = rx.compile(
    r"(?:通过|经由|经|依托|利用|使用|登录)(?P<ch>[^,,。;;]{2,40}?)(?:报送|上报|报|提交|反馈|发送|送)"
)
_CHANNEL_FORM_RE = rx.compile(r"以(?P<ch>[^,,。;;]{2,20}?)(?:形式|方式)")
# What a channel is: a system, a platform, mail, fax — not "经领导审定后".
_CHANNEL_WORD = rx.compile(
    r"系统|平台|邮箱|邮件|传真|OA|网|APP|App|app|交换|微信|钉钉|政务|专线|机要|信息|软件|小程序"
)

_SENTENCE = rx.compile(r"[^。\n;;]+")

_BEFORE = rx.compile(r"\s*(?:前|之前|以前|止)")


def extract_reporting(
    folded: str, start: int, end: int, year: int | None
) -> tuple[Reporting, tuple[int, int] | None]:
    """The reporting clause: the last sentence in folded[start:end] that sends
    something (报送/上报/报…) with a date. Returns (Reporting, its span)."""
    sentences = list(_SENTENCE.finditer(folded[start:end]))
    found = _reporting_sentence(folded, start, sentences, year, need_deadline=True)
    if found is None:
        # Only a routine rhythm ("每月5日前报…"): no deadline, but still a recipient.
        found = _reporting_sentence(folded, start, sentences, year, need_deadline=False)
    return found or (Reporting(), None)


def _reporting_sentence(folded, start, sentences, year, *, need_deadline):
    for m in reversed(sentences):
        s = m.group(0)
        if not _REPORT_VERB.search(s):
            continue
        a = start + m.start()
        deadline = None
        full = DATE_RE.search(s)
        if full and _BEFORE.match(s[full.end() :]):
            deadline = _iso(full)  # an explicit "2023年12月20日前" beats any rhythm
        if deadline is None and year:
            found = dates.find_deadline(folded, a, a + len(s), year=year)
            if found:
                deadline = found[0]
        if deadline is None:
            dm = DATE_RE.search(s)
            if dm:
                deadline = _iso(dm)
        if deadline is None and need_deadline:
            continue
        rep = Reporting(deadline=deadline)
        for pattern in _TO_PATTERNS:
            names = [_to_name(h.group("to")) for h in pattern.finditer(s)]
            names = [n for n in names if all(units.looks_like_unit(p) for p in n.split("、"))]
            if names:
                rep.to = names[-1]
                break
        for ch in (*_CHANNEL_RE.finditer(s), *_CHANNEL_FORM_RE.finditer(s)):
            if _CHANNEL_WORD.search(ch.group("ch")):
                rep.channel = ch.group("ch").strip()
                break
        if not need_deadline and rep.to is None:
            continue
        return rep, (a, a + len(s))
    return None


def _to_name(raw: str) -> str:
    return _TO_TAIL.sub("", raw.replace("\x00", "").strip())

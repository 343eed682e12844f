"""Readers: every format and encoding gives the document's text; every bad input
gives one DocumentError (and through the CLI, one "error:" line and exit code 2)."""

from __future__ import annotations

import io
import random
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import opencc
import pytest
import weasyprint
from docx.oxml import parse_xml

from duban.docparse import DocumentError, parse_text, read_bytes, read_file
from duban.docparse.normalize import clean_text, fold
from duban.docparse.readers import sniff_type
from tests.docparse import makedocs

DATA = Path(__file__).parent / "data"
SEED_TEXT = clean_text((DATA / "haixi-2020-91.txt").read_text(encoding="utf-8"))
SHORT = "关于印发实施方案的通知\n各县人民政府:\n请认真贯彻落实。(牵头单位:州发改委)\n"


def canon(text: str) -> list[str]:
    """Paragraphs with whitespace removed: what must survive every wrapping."""
    return [re.sub(r"\s+", "", line) for line in text.split("\n") if line.strip()]


def traditional(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


# --- plain text in every encoding -------------------------------------------------


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"],
)
@pytest.mark.parametrize("text", [SEED_TEXT, SHORT], ids=["seed", "short"])
def test_text_encodings(encoding, text):
    assert read_bytes(text.encode(encoding), "plan.txt") == clean_text(text)


def test_gbk_proper():
    text = "".join(ch for ch in SEED_TEXT if _encodable(ch, "gbk"))
    assert read_bytes(text.encode("gbk"), "plan.txt") == clean_text(text)


def test_gbk_without_extension_and_crlf():
    data = SHORT.replace("\n", "\r\n").encode("gbk")
    assert read_bytes(data, "") == SHORT


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("text", [SEED_TEXT, SHORT], ids=["seed", "short"])
def test_big5_traditional(text):
    trad = "".join(ch for ch in traditional(text) if _encodable(ch, "big5"))
    got = read_bytes(trad.encode("big5"), "plan.txt")
    assert got == clean_text(trad)
    # and it matches like the Simplified text does
    assert "州發改委" in got and "州发改委" in fold(got)


def test_utf16_without_bom_or_ascii():
    """Chinese-only UTF-16 has no NUL bytes to give it away."""
    text = "督办通知各单位抓紧落实任务"
    assert read_bytes(text.encode("utf-16-le"), "x.txt") == text + "\n"
    assert read_bytes(text.encode("utf-16-be"), "x.txt") == text + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16-le", "utf-16"])
def test_text_cut_inside_a_character(encoding):
    text = "关于做好年度目标任务的通知\n各单位要确保完成任务"
    data = text.encode(encoding)[:-1]
    got = read_bytes(data, "cut.txt")
    assert got.startswith("关于做好年度目标任务的通知\n各单位要确保完成任")
    assert got.count("\ufffd") <= 1


def test_gbk_with_a_stray_bad_byte():
    data = bytearray(SEED_TEXT.encode("gb18030"))
    data[len(data) // 2] = 0xFF
    got = read_bytes(bytes(data), "a.txt")
    assert got.count("\ufffd") <= 2
    assert got[:200] == SEED_TEXT[:200] and got[-200:] == SEED_TEXT[-200:]


def test_control_characters_and_bom_are_cleaned():
    data = "\ufeff第一行\x00\x07\r\n第二行\u200b \t\r\n".encode()
    assert read_bytes(data, "a.txt") == "第一行\n第二行\n"


# --- docx ------------------------------------------------------------------------


def test_docx_seed_paragraphs():
    assert canon(read_bytes(makedocs.make_docx(SEED_TEXT), "a.docx")) == canon(SEED_TEXT)


def test_docx_tables_in_body_order_with_merged_cells_once():
    document = docx.Document()
    document.add_paragraph("表前段落")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["序号", "任务", "牵头单位"], ["1", "稳增长", "州发改委"], ["2", "保就业", ""]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(2, 2))  # one lead unit for two rows
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "序号及任务"
    document.add_paragraph("表后段落")
    out = io.BytesIO()
    document.save(out)
    lines = read_bytes(out.getvalue(), "t.docx").split("\n")
    assert lines[0] == "表前段落"
    assert lines[1] == "序号及任务\t牵头单位"
    assert lines[2] == "1\t稳增长\t州发改委"
    assert lines[3] == "2\t保就业"  # the merged cell is given once, in its first row
    assert lines[4] == "表后段落"


def test_docx_automatic_numbering_is_rendered():
    data = makedocs.make_numbered_docx(
        [
            (0, "总体要求"),
            (0, "重点任务"),
            (1, "稳增长"),
            (2, "保市场主体"),
            (2, "保就业"),
            (1, "促投资"),
            (2, "抓项目"),
            (0, "保障措施"),
        ]  # fmt: skip
    )
    lines = read_bytes(data, "n.docx").splitlines()
    assert lines == [
        "一、总体要求",
        "二、重点任务",
        "(一)稳增长",
        "1.保市场主体",
        "2.保就业",
        "(二)促投资",
        "1.抓项目",
        "三、保障措施",
    ]


def test_docx_text_in_content_control_and_line_breaks():
    document = docx.Document()
    p = document.add_paragraph("第一句")
    p.add_run().add_break()
    p.add_run("第二句")
    out = io.BytesIO()
    document.save(out)
    assert read_bytes(out.getvalue(), "b.docx") == "第一句\n第二句\n"


# --- pdf -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return makedocs.make_pdf(SEED_TEXT)


@pytest.fixture(scope="module")
def seed_pdf_text(seed_pdf) -> str:
    return read_bytes(seed_pdf, "a.pdf")


def test_pdf_paragraphs_rejoined(seed_pdf_text):
    assert canon(seed_pdf_text) == canon(SEED_TEXT)


def test_pdf_page_numbers_and_running_header_dropped(seed_pdf_text):
    text = seed_pdf_text
    assert not re.search(r"^\s*-\s*\d+\s*-\s*$", text, re.M)
    assert text.count("海西州人民政府办公室") == SEED_TEXT.count("海西州人民政府办公室")


def test_pdf_spaces_only_where_the_text_has_them(seed_pdf_text):
    """Justified and letter-spaced glyphs give no spaces; real ones ("索 引 号") stay."""
    spaced = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff0-9]")
    source = {re.sub(r"\s+", " ", line).strip() for line in SEED_TEXT.split("\n")}
    for line in seed_pdf_text.split("\n"):
        if spaced.search(line):
            assert line in source
    assert "失业率控制在3.5%以内" in seed_pdf_text


def test_pdf_table_rows():
    page = """<html><head><meta charset="utf-8"><style>
    body { font-family: "Noto Sans CJK SC"; } td { border: 1px solid black; padding: 4px; }
    table { border-collapse: collapse; }</style></head><body>
    <p>重点任务分工表</p>
    <table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr>
    <tr><td>1</td><td>稳增长</td><td>州发改委</td></tr>
    <tr><td>2</td><td>保就业</td><td>州人社局</td></tr></table>
    <p>以上任务请认真落实。</p></body></html>"""
    text = read_bytes(weasyprint.HTML(string=page).write_pdf(), "t.pdf")
    assert text.split("\n") == [
        "重点任务分工表",
        "序号\t任务\t牵头单位",
        "1\t稳增长\t州发改委",
        "2\t保就业\t州人社局",
        "以上任务请认真落实。",
        "",
    ]


def test_pdf_letter_spaced_and_titled():
    """Spread-out glyphs (letter-spacing, justification) give no spaces in the text;
    a large-type title is not run into the body below it."""
    page = """<html><head><meta charset="utf-8"><style>
    body { font-family: "Noto Serif CJK SC"; font-size: 15pt; }
    h1 { font-size: 22pt; text-align: center; font-weight: normal; margin: 0; }
    p { margin: 0; letter-spacing: 0.25em; text-indent: 2em; }</style></head><body>
    <h1>关于开展专项行动的实施方案关于开展专项行动的实施方案</h1>
    <p>第四季度是全年工作的收官阶段,是决战年度目标任务的冲刺阶段,确保全年城镇新增就业1.3万人,失业率控制在3.5%以内。</p>
    </body></html>"""
    text = read_bytes(weasyprint.HTML(string=page).write_pdf(), "s.pdf")
    assert text.splitlines() == [
        "关于开展专项行动的实施方案关于开展专项行动的实施方案",
        "第四季度是全年工作的收官阶段,是决战年度目标任务的冲刺阶段,确保全年城镇新增就业1.3万人,失业率控制在3.5%以内。",
    ]


def test_pdf_diagonal_watermark_is_not_text():
    page = """<html><head><meta charset="utf-8"><style>
    body { font-family: "Noto Serif CJK SC"; font-size: 15pt; } p { margin: 0; text-indent: 2em; }
    .wm { position: fixed; top: 300px; left: 100px; font-size: 60pt; transform: rotate(-30deg); }
    </style></head><body><div class="wm">内部资料</div>
    <p>第四季度是全年工作的收官阶段。</p><p>确保全年城镇新增就业1.3万人。</p></body></html>"""
    text = read_bytes(weasyprint.HTML(string=page).write_pdf(), "w.pdf")
    assert text == "第四季度是全年工作的收官阶段。\n确保全年城镇新增就业1.3万人。\n"


def test_pdf_without_text_layer():
    page = "<html><body><div style='width:300px;height:300px;background:#000'></div></body></html>"
    with pytest.raises(DocumentError, match="没有文字层"):
        read_bytes(weasyprint.HTML(string=page).write_pdf(), "scan.pdf")


def test_pdf_restricted_but_openable_is_read():
    """Encrypted with an owner password only (copying forbidden), as many published
    notices are: anyone may open it, so its text is read."""
    data = makedocs.make_encrypted_pdf("Annual plan 2020", user_password=b"", owner_password=b"k")
    assert read_bytes(data, "a.pdf") == "Annual plan 2020\n"


def test_kangxi_radicals_become_ideographs():
    # "⼯作" with KANGXI RADICAL WORK, as office suites' PDFs often carry it
    assert read_bytes("\u2f2f作任务".encode(), "a.txt") == "工作任务\n"


# --- html ------------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312"])
def test_html_main_text_only(charset):
    text = read_bytes(makedocs.make_html(SEED_TEXT, charset=charset), "page.html")
    assert canon(text) == canon(SEED_TEXT)
    for debris in (
        "首页",
        "当前位置",
        "相关栏目",
        "咨询电话",
        "分享到",
        "上一篇",
        "版权所有",
        "统计代码",
    ):
        assert debris not in text


GOV_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>关于印发岚湾区安全生产专项整治实施方案的通知_岚湾区人民政府</title>
<meta name="ArticleTitle" content="关于印发岚湾区安全生产专项整治实施方案的通知">
<link rel="stylesheet" href="/css/style.css"></head>
<body>
<div id="top"><div class="logo"><img src="logo.png"></div><div class="search"><input type="text" value="请输入关键字"><a href="#">搜索</a></div></div>
<div id="mainNav"><a href="/">首页</a><a href="/zw">政务公开</a><a href="/bs">办事服务</a><a href="/hd">互动交流</a><a href="/zj">走进岚湾</a></div>
<div class="w1200">
 <div class="position">您当前的位置:<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; <a href="/zw/wj">区政府文件</a></div>
 <div class="xxgk_table"><table>
  <tr><td>索引号:</td><td>11440000MB2D12345Y/2022-00123</td><td>主题分类:</td><td>安全生产监管</td></tr>
  <tr><td>发文机关:</td><td>岚湾区人民政府办公室</td><td>成文日期:</td><td>2022年03月10日</td></tr>
  <tr><td>标题:</td><td colspan="3">关于印发岚湾区安全生产专项整治实施方案的通知</td></tr>
 </table></div>
 <div class="article">
  <div class="article_title">关于印发岚湾区安全生产专项整治实施方案的通知</div>
  <div class="article_info">发布时间:2022-03-12 来源:区政府办 浏览次数:<span id="hits">1234</span>
   【字体:<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】【<a href="javascript:window.print()">打印</a>】</div>
  <div class="TRS_Editor" id="zoom">
   <p style="text-indent:2em">各街道办事处,区政府各部门:</p>
   <p style="text-indent:2em">现将《岚湾区安全生产专项整治实施方案》印发给你们,请认真贯彻执行。</p>
   <p style="text-align:right">岚湾区人民政府办公室</p>
   <p style="text-align:right">2022年3月10日</p>
   <p style="text-align:center"><strong>岚湾区安全生产专项整治实施方案</strong></p>
   <p style="text-indent:2em">一、工作目标</p>
   <p style="text-indent:2em">全区生产安全事故起数和死亡人数同比分别下降10%以上。</p>
   <p style="text-indent:2em">二、重点任务</p>
   <p style="text-indent:2em">(一)开展危险化学品专项整治。全面排查危化品企业
   风险隐患,年底前完成整改率100%。</p>
   <p style="text-indent:2em">【牵头单位】区应急管理局【责任单位】区公安分局、各街道办事处</p>
  </div>
  <div class="bdsharebuttonbox"><a class="bds_weixin">分享到微信</a><a class="bds_tsina">微博</a></div>
  <div class="ewm"><img src="qr.png"><p>扫一扫在手机打开当前页</p></div>
 </div>
 <div class="xgwz"><h3>相关文章</h3><ul><li><a href="/1">关于开展2022年安全生产月活动的通知</a></li><li><a href="/2">岚湾区2021年安全生产工作总结</a></li><li><a href="/3">关于做好节日期间安全生产工作的通知</a></li></ul></div>
</div>
<div id="bottom"><p>主办:岚湾区人民政府办公室 承办:岚湾区政务服务数据管理局</p><p>网站标识码:4403000001 粤ICP备12345678号 粤公网安备 44030002000001号</p><p>地址:岚湾区人民路1号 电话:0755-12345678</p></div>
<script type="text/javascript">var _bdhmProtocol = "https:"; document.write(unescape("%3Cscript src='" + _bdhmProtocol + "hm.baidu.com'%3E%3C/script%3E"));</script>
</body></html>
"""


def test_html_government_site_page():
    """A typical government site (GB2312, XHTML, TRS editor block): site chrome,
    breadcrumb, share and QR boxes, related links, footer and page controls go; the
    metadata table, title, publication line and the document stay."""
    text = read_bytes(GOV_PAGE.encode("gb18030"), "content_123.htm")
    assert text.splitlines() == [
        "索引号:\t11440000MB2D12345Y/2022-00123\t主题分类:\t安全生产监管",
        "发文机关:\t岚湾区人民政府办公室\t成文日期:\t2022年03月10日",
        "标题:\t关于印发岚湾区安全生产专项整治实施方案的通知",
        "关于印发岚湾区安全生产专项整治实施方案的通知",
        "发布时间:2022-03-12 来源:区政府办 浏览次数:1234",
        "各街道办事处,区政府各部门:",
        "现将《岚湾区安全生产专项整治实施方案》印发给你们,请认真贯彻执行。",
        "岚湾区人民政府办公室",
        "2022年3月10日",
        "岚湾区安全生产专项整治实施方案",
        "一、工作目标",
        "全区生产安全事故起数和死亡人数同比分别下降10%以上。",
        "二、重点任务",
        "(一)开展危险化学品专项整治。全面排查危化品企业风险隐患,年底前完成整改率100%。",
        "【牵头单位】区应急管理局【责任单位】区公安分局、各街道办事处",
    ]


def test_mht_single_file_page():
    page = GOV_PAGE.encode("gb18030")
    data = makedocs.make_mht(page, "gb2312")
    assert sniff_type(data, "saved.mht") == "html"
    assert read_bytes(data, "saved.mht") == read_bytes(page, "page.htm")


def test_html_blocks_breaks_and_tables():
    page = """<html><body><div id="main"><h2>工作方案</h2>
    <p>第一段<br>第二行</p><div>第三
    段落</div>
    <table><tr><th>任务</th><th>牵头单位</th></tr>
    <tr><td><p>稳增长</p></td><td>州发改委</td></tr></table></div></body></html>"""
    assert read_bytes(page.encode(), "x.htm") == (
        "工作方案\n第一段\n第二行\n第三段落\n任务\t牵头单位\n稳增长\t州发改委\n"
    )


def test_html_fragment_by_extension_hint():
    fragment = "<p>各单位:</p><p>请于年底前完成。</p>".encode("gb18030")
    assert sniff_type(fragment, "notice.html") == "html"
    assert read_bytes(fragment, "notice.html") == "各单位:\n请于年底前完成。\n"
    assert sniff_type(fragment, "notice.txt") == "txt"


def test_html_layout_table_is_read_as_blocks():
    body = "".join(f"<p>第{i}段,推进各项工作任务落实,确保取得实效。</p>" for i in range(40))
    page = f"<html><body><table><tr><td><a href='/'>首页</a></td></tr><tr><td>{body}</td></tr></table></body></html>"
    lines = read_bytes(page.encode(), "a.html").split("\n")
    assert lines[0] == "第0段,推进各项工作任务落实,确保取得实效。"
    assert "\t" not in "".join(lines)


# --- ofd -------------------------------------------------------------------------


def test_ofd_seed():
    data = makedocs.make_ofd(SEED_TEXT)
    assert sniff_type(data, "a.ofd") == "ofd"
    text = read_bytes(data, "a.ofd")
    assert canon(text) == canon(SEED_TEXT)
    assert not re.search(r"^\s*-\s*\d+\s*-\s*$", text, re.M)


def test_ofd_missing_page_is_an_error():
    data = makedocs.make_ofd(SHORT)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if "Content.xml" not in info.filename:
                dst.writestr(info, src.read(info))
    with pytest.raises(DocumentError, match="ofd"):
        read_bytes(out.getvalue(), "a.ofd")


# --- type sniffing ---------------------------------------------------------------


def test_sniff_from_content_not_name():
    assert sniff_type(makedocs.make_docx(SHORT), "plan.txt") == "docx"
    assert sniff_type(SHORT.encode(), "plan.pdf") == "txt"
    assert sniff_type(b"<!DOCTYPE html><html><body>x</body></html>", "a.txt") == "html"
    assert sniff_type(SHORT.encode("utf-16"), "") == "txt"
    assert read_bytes(makedocs.make_docx(SHORT), "plan.txt") == SHORT


# --- bad input -------------------------------------------------------------------


def _truncated_docx() -> bytes:
    data = makedocs.make_docx(SEED_TEXT)
    return data[: len(data) // 2]


def _ratio_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    return out.getvalue()


def _declared_huge() -> bytes:
    """A zip whose central directory declares 300 MB members (a bomb's signature),
    while the bytes themselves are small."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for i in range(3):
            archive.writestr(f"word/part{i}.xml", b"x" * 100)
    data = bytearray(out.getvalue())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        struct.pack_into("<II", data, pos + 20, 100 * 1024 * 1024, 100 * 1024 * 1024)
        pos += 4
    return bytes(data)


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


BAD_INPUTS = {
    "empty": (b"", "a.txt", "文件为空"),
    "binary": (bytes(range(256)) * 40, "a.bin", "无法识别的文件类型"),
    "random": (random.Random(7).randbytes(20_000), "a.txt", "无法识别的文件类型"),
    "nul-heavy": (b"\x00\x01\x02\x00" * 5000, "a.txt", "无法识别的文件类型"),
    "truncated-docx": (_truncated_docx(), "a.docx", "docx"),
    "truncated-docx-no-name": (_truncated_docx(), "upload", "docx"),
    "zip-ratio-bomb": (_ratio_bomb(), "a.docx", "压缩"),
    "zip-declared-huge": (_declared_huge(), "a.docx", "文件过大"),
    "xlsx-without-sheets": (_xlsx(), "a.xlsx", "Excel"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(500), "a.png", "图片"),
    "old-doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "a.doc", ".doc"),
    "protected-docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "a.docx", "密码"),
    "corrupt-pdf": (b"%PDF-1.4\n" + random.Random(3).randbytes(5000), "a.pdf", "PDF"),
    "pdf-header-only": (b"%PDF-1.7\n%%EOF\n", "a.pdf", "PDF"),
    "pdf-with-password": (
        makedocs.make_encrypted_pdf("Plan", user_password=b"pw", owner_password=b"k"),
        "a.pdf",
        "密码",
    ),
    "corrupt-ofd": (makedocs.make_ofd(SHORT)[:300], "a.ofd", "ofd"),
    "whitespace-only": (b" \n\t\r\n", "a.txt", "没有文字"),
    "empty-html": (b"<html><body><script>x()</script></body></html>", "a.html", "没有文字"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_one_document_error(name):
    data, filename, message = BAD_INPUTS[name]
    with pytest.raises(DocumentError, match=message) as info:
        read_bytes(data, filename)
    assert "\n" not in str(info.value) and str(info.value)
    with pytest.raises(DocumentError):
        sniff_type(data, filename) if name not in _SNIFF_OK else read_bytes(data, filename)


# These have a recognisable type; only reading them fails.
_SNIFF_OK = {
    "xlsx-without-sheets",
    "png",
    "truncated-docx",
    "truncated-docx-no-name",
    "zip-ratio-bomb",
    "zip-declared-huge",
    "corrupt-pdf",
    "pdf-header-only",
    "pdf-with-password",
    "whitespace-only",
    "empty-html",
}


def test_oversized_input():
    with pytest.raises(DocumentError, match="文件过大"):
        read_bytes(b"a" * (50 * 1024 * 1024 + 1), "big.txt")


def test_truncated_pdf_is_error_or_partial_text(seed_pdf):
    """A cut PDF may still show its first pages (pdfminer rebuilds the xref);
    either way the reader answers with text or a DocumentError, nothing else."""
    try:
        text = read_bytes(seed_pdf[: len(seed_pdf) // 3], "a.pdf")
    except DocumentError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str)


def test_read_file_errors(tmp_path):
    with pytest.raises(DocumentError, match="找不到文件"):
        read_file(tmp_path / "missing.docx")
    with pytest.raises(DocumentError, match="不是文件"):
        read_file(tmp_path)
    path = tmp_path / "plan.txt"
    path.write_bytes(SHORT.encode("gbk"))
    assert read_file(path) == SHORT


# --- through the command line -----------------------------------------------------

DUBAN = Path(sys.executable).parent / "duban"


@pytest.mark.parametrize(
    "name",
    [
        "empty",
        "random",
        "truncated-docx",
        "zip-ratio-bomb",
        "corrupt-pdf",
        "pdf-with-password",
        "png",
        "xlsx-without-sheets",
        "corrupt-ofd",
    ],
)
def test_cli_bad_input_one_error_line(tmp_path, name):
    data, filename, _ = BAD_INPUTS[name]
    path = tmp_path / filename
    path.write_bytes(data)
    proc = subprocess.run(
        [str(DUBAN), "parse", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,  # a hang guard, not a speed measurement
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in proc.stderr


def test_cli_pdf_without_text_layer(tmp_path):
    page = "<html><body><div style='width:300px;height:300px;background:#000'></div></body></html>"
    path = tmp_path / "scan.pdf"
    path.write_bytes(weasyprint.HTML(string=page).write_pdf())
    proc = subprocess.run(
        [str(DUBAN), "parse", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("error: PDF 没有文字层")


def test_docx_tracked_changes_read_as_accepted():
    document = docx.Document()
    p = document.add_paragraph("保留")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p._p.append(
        parse_xml(
            f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        )
    )
    p._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'))
    out = io.BytesIO()
    document.save(out)
    assert read_bytes(out.getvalue(), "c.docx") == "保留插入\n"


def test_html_table_cells_merged_downwards_are_empty_below_like_docx():
    page = (
        "<html><body><h1>某市城建任务分解表</h1><table>"
        "<tr><th rowspan='2'>序号</th><th rowspan='2'>工作任务</th><th colspan='2'>责任单位</th>"
        "<th rowspan='2'>完成时限</th></tr>"
        "<tr><th>牵头单位</th><th>配合单位</th></tr>"
        "<tr><td rowspan='2'>1</td><td rowspan='2'>城市更新</td><td rowspan='2'>市住建局</td>"
        "<td>各区人民政府</td><td>2023年11月底前</td></tr>"
        "<tr><td>市城管局</td><td>2023年12月底前</td></tr>"
        "</table></body></html>"
    )
    lines = [line for line in read_bytes(page.encode(), "plan.html").split("\n") if line]
    assert lines[-4:] == [
        "序号\t工作任务\t责任单位\t完成时限",
        "\t\t牵头单位\t配合单位",
        "1\t城市更新\t市住建局\t各区人民政府\t2023年11月底前",
        "\t\t\t市城管局\t2023年12月底前",
    ]
    (task,) = parse_text("\n".join(lines)).tasks
    assert (task.lead_units, task.co_units) == (["市住建局"], ["各区人民政府", "市城管局"])

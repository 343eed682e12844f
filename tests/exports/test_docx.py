"""The written report as docx: GB/T 9704-2012 page, fonts and every figure
checked against the database."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from duban.exports import docx_writer, written
from duban.supervision import lights, pace

from .conftest import FROZEN


def _open(report):
    return Document(io.BytesIO(docx_writer.write_docx(report)))


def _east_asian(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def _body(document):
    return "\n".join(p.text for p in document.paragraphs)


def test_page_is_a4_with_the_standard_margins(plan, reported):
    section = _open(written.plan_report(plan=plan, on=FROZEN)).sections[0]
    # Word stores twips: within a tenth of a millimetre.
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    assert abs(section.right_margin - Mm(26)) < Mm(0.1)


def test_grid_is_22_lines_of_28_characters(plan, reported):
    section = _open(written.plan_report(plan=plan, on=FROZEN)).sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert abs(line_pitch_pt * 22 - Mm(225).pt) < 1
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert abs(char_pitch * 28 - Mm(156).pt) < 1


def test_title_body_and_heading_fonts(plan, reported):
    document = _open(written.plan_report(plan=plan, on=FROZEN))
    paragraphs = [p for p in document.paragraphs if p.runs]
    title = paragraphs[0].runs[0]
    assert _east_asian(title) == "方正小标宋简体" and title.font.size == Pt(22)
    by_text = {p.text: p.runs[0] for p in paragraphs}
    h1 = by_text["一、全力推动稳增长"]
    assert _east_asian(h1) == "黑体" and h1.font.size == Pt(16)
    h2 = by_text["(一)主要指标完成情况"]
    assert _east_asian(h2) == "楷体_GB2312" and h2.font.size == Pt(16)
    body = next(r for t, r in by_text.items() if t.startswith("1.城镇新增就业"))
    assert _east_asian(body) == "仿宋_GB2312" and body.font.size == Pt(16)


def test_page_numbers_in_songti_si_hao_at_outside_corners(plan, reported):
    document = _open(written.plan_report(plan=plan, on=FROZEN))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"
        assert "PAGE" in paragraph._element.xml
        for run in paragraph.runs:
            assert _east_asian(run) == "宋体" and run.font.size == Pt(14)


def test_issuer_and_date_close_the_report(plan, reported, office):
    document = _open(written.plan_report(plan=plan, on=FROZEN))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-2:] == [office.name, "2020年11月20日"]


def test_every_target_figure_matches_the_database(plan, reported, task):
    report = written.plan_report(plan=plan, on=FROZEN)
    text = _body(_open(report))
    rows = {r["id"]: r for r in lights.target_rows(plan.tasks.all())}
    for target in task.targets.all():
        row = rows[target.pk]
        actual = target.measure.show(row["actual"])
        share = pace.achieved_share(
            target.op, target.baseline, target.value, target.value_max, row["actual"]
        )
        expected = pace.expected_share(row["start"], row["due"], FROZEN)
        line = next(t for t in text.splitlines() if t.split(".", 1)[-1].startswith(target.name))
        assert f"完成{actual}" in line
        assert f"完成目标的{written.percent(share)}" in line
        assert f"序时进度{written.percent(expected)}" in line
        assert f"目标{target.get_op_display()}{target.measure.show(target.value)}" in line
    assert "完成0.72万人,完成目标的55.4%" in text


def test_timeliness_figures_match_lights(plan, reported):
    text = _body(_open(written.plan_report(plan=plan, on=FROZEN)))
    summary = lights.plan_summary(plan, FROZEN)
    assert f"应报送进展报告{summary['timeliness']['due']}份" in text
    assert f"按时报送{summary['timeliness']['on_time']}份" in text
    assert f"共{len(summary['tasks'])}项任务" in text


def test_units_texts_come_from_their_latest_sent_reports(plan, reported):
    text = _body(_open(written.plan_report(plan=plan, on=FROZEN)))
    assert "州发改委:稳增长各项工作有序推进。" in text
    assert "格尔木市人民政府:格尔木市新增就业稳步推进。" in text
    assert "州发改委:部分企业用工不足。" in text
    # The principal lead's text comes first.
    assert text.index("州发改委:稳增长") < text.index("格尔木市人民政府:格尔木市")


def test_unit_report_holds_only_that_units_tasks_and_values(plan, reported, directory):
    report = written.unit_report(plan=plan, unit=directory["格尔木市人民政府"], on=FROZEN)
    text = _body(_open(report))
    assert report.title.startswith("格尔木市人民政府关于")
    assert "全力推动稳增长" in text and "扎实做好宣传" not in text
    # 格尔木 reported no value of its own: the targets say so.
    assert "城镇新增就业:目标不低于1.3万人,尚未报送完成值。" in text
    assert "格尔木市新增就业稳步推进。" in text
    assert [p.text for p in _open(report).paragraphs if p.text][-2:] == [
        "格尔木市人民政府",
        "2020年11月20日",
    ]


def test_unit_report_of_the_principal_carries_its_values(plan, reported, directory, jobs):
    report = written.unit_report(plan=plan, unit=directory["州发改委"], on=FROZEN)
    assert report.figures[jobs.pk]["actual"] == "0.72万人"
    text = _body(_open(report))
    assert "城镇新增就业:目标不低于1.3万人,截至2020年11月15日完成0.72万人" in text


def test_chinese_numbers_for_headings():
    assert [written.chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]


def test_edited_blocks_are_what_is_written(plan, reported):
    report = written.plan_report(plan=plan, on=FROZEN)
    report.blocks = [written.Block(written.PARA, "改写后的正文。")]
    report.title = "改写后的标题"
    texts = [p.text for p in _open(report).paragraphs if p.text]
    assert texts[0] == "改写后的标题" and "改写后的正文。" in texts

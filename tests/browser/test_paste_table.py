"""The paste box: a table copied from a web page in Chromium (what it puts on the
clipboard for a <table>: tab-separated cells) reads the same as the page uploaded
as an HTML file."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
    ["1", "建设智慧城市平台", "州发改委", "州财政局、州工信局", "2021年6月底"],
    ["2", "推进垃圾分类", "州住建局", "州生态环境局", "2021年12月底"],
    ["3", "稳定就业", "州人社局", "各市、县人民政府", "2021年12月底"],
]
HTML = (
    '<html><head><meta charset="utf-8"></head><body>'
    "<p>关于印发重点工作任务分工的通知</p><table border=1>"
    + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in ROWS)
    + "</table></body></html>"
)


def _rows(plan):
    return [
        (
            t.key,
            t.title,
            sorted(m.name for m in t.lead_mentions),
            sorted(m.name for m in t.co_mentions),
            t.deadline,
        )
        for t in plan.tasks.order_by("order")
    ]


def test_a_table_copied_from_a_web_page_reads_as_the_uploaded_html(
    page, login, live_server, directory, supervisor, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # The HTML uploaded as a file.
    client_for(supervisor).post(
        reverse("desk:import"), {"file": SimpleUploadedFile("tasks.html", HTML.encode())}
    )
    uploaded = Plan.objects.get()

    # The same page in Chromium: select the table, copy, paste into the import box.
    login(page, supervisor)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_content(HTML)
    page.evaluate(
        """() => { const r = document.createRange();
                   r.selectNodeContents(document.body);
                   const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    page.keyboard.press("Control+C")
    page.goto(live_server.url + reverse("desk:import"))
    page.focus("textarea[name=text]")
    page.keyboard.press("Control+V")
    pasted_text = page.input_value("textarea[name=text]")
    assert "建设智慧城市平台\t州发改委" in pasted_text  # Chromium's cells: tab-separated
    page.click("button:has-text('导入并识别')")
    page.wait_for_url(re.compile(r"/plans/\d+/review/$"))
    pasted = Plan.objects.exclude(pk=uploaded.pk).get()
    assert pasted.source_type == "paste"
    assert len(_rows(pasted)) == 3
    assert _rows(pasted) == _rows(uploaded)

"""The unit-facing report pages: fill, save, conflict, submit, consolidate."""

import datetime as dt

import pytest
from django.urls import reverse

from duban.reports.models import Report, Status

from .test_attachments import PDF


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def report_of(task, unit_name, period):
    return Report.objects.get(task=task, unit__name=unit_name, period=period)


def test_my_reports_lists_the_units_reports(calendar, task, client_for, golmud_officer, supervisor):
    page = client_for(golmud_officer).get(reverse("reports:mine"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "全力推动稳增长" in html and "2020年11月" in html and "逾期未报" in html
    assert client_for(supervisor).get(reverse("reports:mine")).status_code == 403


def test_fill_save_and_submit(calendar, task, jobs, client_for, rsj_officer):
    rsj = report_of(task, "州人社局", calendar[0])
    client = client_for(rsj_officer)
    url = reverse("reports:report", args=[rsj.pk])
    form = client.get(url).content.decode()
    assert 'name="narrative"' in form and f'name="value_{jobs.pk}"' in form
    response = client.post(
        url,
        {
            "lock_version": 0,
            "narrative": "城镇新增就业7200人。",
            "problems": "",
            "next_steps": "继续推进。",
            f"value_{jobs.pk}": "7200",
            f"as_of_{jobs.pk}": "2020-11-15",
            "attachment": _upload("统计表.pdf", PDF),
        },
    )
    assert response.status_code == 302
    rsj.refresh_from_db()
    version = rsj.current_version
    assert version.narrative == "城镇新增就业7200人。"
    assert version.values.get().as_of == dt.date(2020, 11, 15)
    assert version.attachments.get().name == "统计表.pdf"
    response = client.post(
        reverse("reports:act", args=[rsj.pk]),
        {"action": "submit", "lock_version": rsj.lock_version},
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=rsj.pk).status == Status.SUBMITTED


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_stale_save_keeps_the_text_and_explains(
    calendar, task, client_for, rsj_officer, rsj_head
):
    rsj = report_of(task, "州人社局", calendar[0])
    url = reverse("reports:report", args=[rsj.pk])
    client_for(rsj_officer).post(url, {"lock_version": 0, "narrative": "先保存的内容"})
    response = client_for(rsj_head).post(
        url, {"lock_version": 0, "narrative": "后保存的一大段文字"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有丢失" in html
    assert "后保存的一大段文字" in html  # the user's text, still in the form
    assert "先保存的内容" in html  # and what the other person saved
    assert Report.objects.get(pk=rsj.pk).current_version.narrative == "先保存的内容"


def test_a_save_after_a_colleague_submitted_is_a_conflict_not_a_403(
    calendar, task, client_for, rsj_officer, rsj_head
):
    rsj = report_of(task, "州人社局", calendar[0])
    url = reverse("reports:report", args=[rsj.pk])
    head = client_for(rsj_head)
    head.post(url, {"lock_version": 0, "narrative": "负责人的内容"})
    stale = Report.objects.get(pk=rsj.pk).lock_version
    head.post(reverse("reports:act", args=[rsj.pk]), {"action": "submit", "lock_version": stale})
    assert Report.objects.get(pk=rsj.pk).status == Status.SUBMITTED
    response = client_for(rsj_officer).post(
        url, {"lock_version": stale, "narrative": "填报员打了很久的字"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "保存失败:这份报告已被他人" in html and "没有丢失" in html
    assert "填报员打了很久的字" in html  # still in the form, to copy
    assert "负责人的内容" in html  # what was submitted, beside it
    assert "保存草稿</button>" not in html  # it cannot be saved any more
    assert Report.objects.get(pk=rsj.pk).current_version.narrative == "负责人的内容"


def test_a_save_of_a_sent_report_without_a_lock_keeps_the_text(
    calendar, task, client_for, rsj_officer
):
    rsj = report_of(task, "州人社局", calendar[0])
    url = reverse("reports:report", args=[rsj.pk])
    client = client_for(rsj_officer)
    client.post(url, {"lock_version": 0, "narrative": "已提交"})
    client.post(reverse("reports:act", args=[rsj.pk]), {"action": "submit"})
    response = client.post(url, {"narrative": "又写了一段"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "不能再修改" in html and "又写了一段" in html


def test_a_save_by_someone_of_another_unit_is_still_403(calendar, task, client_for, golmud_officer):
    rsj = report_of(task, "州人社局", calendar[0])
    url = reverse("reports:report", args=[rsj.pk])
    response = client_for(golmud_officer).post(url, {"lock_version": 0, "narrative": "x"})
    assert response.status_code in (403, 404)


def test_a_bad_number_is_shown_with_the_text_kept(calendar, task, jobs, client_for, rsj_officer):
    rsj = report_of(task, "州人社局", calendar[0])
    response = client_for(rsj_officer).post(
        reverse("reports:report", args=[rsj.pk]),
        {"lock_version": 0, "narrative": "我的进展", f"value_{jobs.pk}": "约七千"},
    )
    html = response.content.decode()
    assert "不是有效的数值" in html and "我的进展" in html and "约七千" in html
    assert Report.objects.get(pk=rsj.pk).current_version is None


def test_the_principal_sees_inputs_side_by_side_and_consolidates(
    calendar, task, client_for, fgw_officer, golmud_officer, supervisor
):
    period = calendar[0]
    golmud = report_of(task, "格尔木市人民政府", period)
    c = client_for(golmud_officer)
    c.post(
        reverse("reports:report", args=[golmud.pk]), {"lock_version": 0, "narrative": "格尔木进展"}
    )
    c.post(reverse("reports:act", args=[golmud.pk]), {"action": "submit"})
    fgw = report_of(task, "州发改委", period)
    client = client_for(fgw_officer)
    page = client.get(reverse("reports:report", args=[fgw.pk])).content.decode()
    assert "格尔木进展" in page and "配合单位及其他牵头单位材料" in page
    client.post(reverse("reports:report", args=[fgw.pk]), {"lock_version": 0, "narrative": "汇总"})
    response = client.post(reverse("reports:act", args=[fgw.pk]), {"action": "consolidate"})
    assert response.status_code == 302
    assert Report.objects.get(pk=fgw.pk).status == Status.CONSOLIDATED
    # The office returns it from the same page, with a comment.
    office = client_for(supervisor)
    assert "退回意见" in office.get(reverse("reports:report", args=[fgw.pk])).content.decode()
    office.post(
        reverse("reports:act", args=[fgw.pk]), {"action": "return", "comment": "请补充数据"}
    )
    assert Report.objects.get(pk=fgw.pk).status == Status.RETURNED
    page = client.get(reverse("reports:report", args=[fgw.pk])).content.decode()
    assert "请补充数据" in page and 'name="narrative"' in page


def test_a_refused_step_is_explained(calendar, task, client_for, golmud_officer):
    golmud = report_of(task, "格尔木市人民政府", calendar[0])
    response = client_for(golmud_officer).post(
        reverse("reports:act", args=[golmud.pk]), {"action": "submit"}, follow=True
    )
    assert "请先填写" in response.content.decode()
    assert Report.objects.get(pk=golmud.pk).status == Status.DRAFT


def test_attachment_download_is_permission_checked(
    calendar, task, client_for, golmud_officer, fgw_officer, rsj_officer
):
    from duban.reports.attachments import add_attachment
    from duban.reports.services import save_draft, submit_report

    golmud = report_of(task, "格尔木市人民政府", calendar[0])
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    a = add_attachment(report=golmud, user=golmud_officer, name="现场照片.pdf", content=PDF)
    url = reverse("reports:attachment", args=[a.pk])
    assert client_for(fgw_officer).get(url).status_code == 404  # not delivered yet
    response = client_for(golmud_officer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    submit_report(report=golmud, user=golmud_officer)
    assert client_for(fgw_officer).get(url).status_code == 200
    assert client_for(rsj_officer).get(url).status_code == 404


def test_versions_compare_page(
    calendar, task, jobs, client_for, golmud_officer, fgw_officer, rsj_officer
):
    from duban.reports.services import return_report, save_draft, submit_report

    golmud = report_of(task, "格尔木市人民政府", calendar[0])
    golmud = save_draft(
        report=golmud,
        user=golmud_officer,
        data={"narrative": "新增就业300人。"},
        expected_version=0,
    )
    golmud = submit_report(report=golmud, user=golmud_officer)
    golmud = return_report(report=golmud, user=fgw_officer, comment="请核实人数")
    golmud = save_draft(
        report=golmud,
        user=golmud_officer,
        data={"narrative": "新增就业320人。"},
        expected_version=golmud.lock_version,
    )
    submit_report(report=golmud, user=golmud_officer)
    url = reverse("reports:compare", args=[golmud.pk])
    html = client_for(fgw_officer).get(url).content.decode()
    assert "<del>0</del><ins>2</ins>" in html  # 300 → 320, character by character
    assert "请核实人数" in html
    assert client_for(fgw_officer).get(url, {"a": 1, "b": 9}).status_code == 404
    assert client_for(rsj_officer).get(url).status_code == 404


def test_the_office_sets_the_calendar(plan, client_for, supervisor, leader):
    url = reverse("reports:calendar", args=[plan.pk])
    assert client_for(leader).get(url).status_code == 403
    client = client_for(supervisor)
    assert "2020年12月21日" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "cadence": "dates",
            "dates": "2020-11-15, 2020-12-01",
            "co_lead_days": "2",
            "require_sign_off": "on",
        },
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "截至2020年11月15日" in html and "2020-11-13" in html
    assert plan.reporting_calendar.require_sign_off
    assert [str(p.due_date) for p in plan.periods.all()] == [
        "2020-11-15",
        "2020-12-01",
        "2020-12-21",
    ]
    bad = client.post(url, {"cadence": "dates", "dates": "", "co_lead_days": "2"})
    assert "请列出报送日期" in bad.content.decode()
    bad = client.post(url, {"cadence": "month", "dates": "11月15日", "co_lead_days": "2"})
    assert "格式不正确" in bad.content.decode()

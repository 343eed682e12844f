"""An unsent revision is its unit's own until it sends it: text and
attachments, on the report page, the comparison, the download and the API.

Everyone else who reads the report (the office, the principal lead unit)
reads the last version that left the unit, with that version's files."""

import pytest
from django.test import Client
from django.urls import reverse

from duban.reports.attachments import add_attachment
from duban.reports.calendar import generate_periods
from duban.reports.models import Attachment, Report, ReportVersion
from duban.reports.services import (
    consolidate_and_submit,
    return_report,
    save_draft,
    sign_report,
    submit_report,
)
from tests.files import PDF, PNG


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _web(user):
    client = Client()
    client.force_login(user)
    return client


def _draft(report, user, text):
    report = Report.objects.get(pk=report.pk)
    return save_draft(
        report=report, user=user, data={"narrative": text}, expected_version=report.lock_version
    )


def _files(report):
    """{file name: attachment} of each version of the report, by version number."""
    by_version = {}
    for a in Attachment.objects.filter(version__report=report).select_related("version"):
        by_version.setdefault(a.version.number, {})[a.name] = a
    return by_version


def _api_version(api_client, user, report):
    rows = api_client(user).get(f"/api/tasks/{report.task_id}/reports").json()
    return next(r for r in rows if r["id"] == report.pk)["version"]


def assert_reads_only_sent(client, api_client, user, report, *, sent, unsent):
    """`user` reads version 1 (`sent`) and nothing of version 2 (`unsent`)
    over every way in."""
    page = client.get(reverse("reports:report", args=[report.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert sent in body and unsent not in body and "v2.png" not in body
    compare = reverse("reports:compare", args=[report.pk])
    assert client.get(compare, {"a": 1, "b": 2}).status_code == 404
    default = client.get(compare)
    assert default.status_code == 200 and default.context["numbers"] == [1]
    assert default.context["new"].narrative == sent
    files = _files(report)
    assert (
        client.get(reverse("reports:attachment", args=[files[1]["v1.pdf"].pk])).status_code == 200
    )
    for attachment in files[2].values():  # the new file and the copy carried into the revision
        assert client.get(reverse("reports:attachment", args=[attachment.pk])).status_code == 404
    version = _api_version(api_client, user, report)
    assert version["number"] == 1 and version["narrative"] == sent
    assert ReportVersion.objects.shown(report, user).number == 1


def assert_unit_reads_its_revision(client, api_client, user, report, *, unsent):
    body = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert unsent in body and "v2.png" in body
    compare = client.get(reverse("reports:compare", args=[report.pk]), {"a": 1, "b": 2})
    assert compare.status_code == 200 and compare.context["new"].narrative == unsent
    for attachment in _files(report)[2].values():
        assert client.get(reverse("reports:attachment", args=[attachment.pk])).status_code == 200
    version = _api_version(api_client, user, report)
    assert version["number"] == 2 and version["narrative"] == unsent


def test_principal_revision_stays_with_its_unit(
    api_client, calendar, task, fgw_officer, supervisor, leader
):
    report = Report.objects.get(task=task, period=calendar[0], unit__name="州发改委")
    report = _draft(report, fgw_officer, "第一版已报送")
    add_attachment(report=report, user=fgw_officer, name="v1.pdf", content=PDF)
    report = consolidate_and_submit(report=Report.objects.get(pk=report.pk), user=fgw_officer)
    return_report(report=report, user=supervisor, comment="请补充数据来源")
    report = _draft(report, fgw_officer, "第二版尚未报送")
    add_attachment(report=report, user=fgw_officer, name="v2.png", content=PNG)

    for reader in (supervisor, leader):
        assert_reads_only_sent(
            _web(reader), api_client, reader, report, sent="第一版已报送", unsent="第二版尚未报送"
        )
    assert_unit_reads_its_revision(
        _web(fgw_officer), api_client, fgw_officer, report, unsent="第二版尚未报送"
    )


def test_co_unit_revision_stays_with_its_unit(
    api_client, calendar, task, golmud_officer, fgw_officer, supervisor
):
    golmud = Report.objects.get(task=task, period=calendar[0], unit__name="格尔木市人民政府")
    golmud = _draft(golmud, golmud_officer, "格尔木第一版")
    add_attachment(report=golmud, user=golmud_officer, name="v1.pdf", content=PDF)
    golmud = submit_report(report=Report.objects.get(pk=golmud.pk), user=golmud_officer)
    return_report(report=golmud, user=fgw_officer, comment="请核实数字")
    golmud = _draft(golmud, golmud_officer, "格尔木修改中")
    add_attachment(report=golmud, user=golmud_officer, name="v2.png", content=PNG)

    for reader in (fgw_officer, supervisor):  # the principal lead unit and the office
        assert_reads_only_sent(
            _web(reader), api_client, reader, golmud, sent="格尔木第一版", unsent="格尔木修改中"
        )
    # The principal lead's own report lists the input with its sent text.
    own = Report.objects.get(task=task, period=calendar[0], unit__name="州发改委")
    own = _draft(own, fgw_officer, "牵头单位材料")
    panel = _web(fgw_officer).get(reverse("reports:report", args=[own.pk])).content.decode()
    assert "格尔木第一版" in panel and "格尔木修改中" not in panel
    assert_unit_reads_its_revision(
        _web(golmud_officer), api_client, golmud_officer, golmud, unsent="格尔木修改中"
    )


def test_a_revision_with_its_head_has_not_left_the_unit(
    api_client, plan, task, golmud_officer, golmud_head, fgw_officer, supervisor
):
    """With sign-off, a revision submitted to the unit's head is still the unit's."""
    periods = generate_periods(
        plan=plan, user=supervisor, cadence="month", co_lead_days=3, require_sign_off=True
    )
    golmud = Report.objects.get(task=task, period=periods[0], unit__name="格尔木市人民政府")
    golmud = _draft(golmud, golmud_officer, "格尔木第一版")
    add_attachment(report=golmud, user=golmud_officer, name="v1.pdf", content=PDF)
    golmud = submit_report(report=Report.objects.get(pk=golmud.pk), user=golmud_officer)
    golmud = sign_report(report=golmud, user=golmud_head)
    return_report(report=golmud, user=fgw_officer, comment="请核实数字")
    golmud = _draft(golmud, golmud_officer, "格尔木待负责人审核")
    add_attachment(report=golmud, user=golmud_officer, name="v2.png", content=PNG)
    golmud = submit_report(report=Report.objects.get(pk=golmud.pk), user=golmud_officer)
    assert golmud.status == "submitted"

    assert_reads_only_sent(
        _web(fgw_officer),
        api_client,
        fgw_officer,
        golmud,
        sent="格尔木第一版",
        unsent="格尔木待负责人审核",
    )
    assert_unit_reads_its_revision(
        _web(golmud_head), api_client, golmud_head, golmud, unsent="格尔木待负责人审核"
    )
    # Once the head signs it off, it has left the unit: the lead reads it.
    sign_report(report=Report.objects.get(pk=golmud.pk), user=golmud_head)
    version = _api_version(api_client, fgw_officer, golmud)
    assert version["number"] == 2 and version["narrative"] == "格尔木待负责人审核"

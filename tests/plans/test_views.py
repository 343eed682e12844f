"""Plan pages through the Django test client: uploads, review, edits, roles, inbox."""

import datetime as dt
import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import Truncator

from duban.accounts.models import User
from duban.console.management.commands.demo import shift_years
from duban.plans.models import Assignment, Notice, Plan, Task, UnitMention
from duban.reports.models import Report, ReportingPeriod
from duban.reports.queue import queue_count
from duban.units.models import Unit
from tests.docparse import damage
from tests.permissions import assert_forbidden
from tests.plans import world
from tests.plans.conftest import DATA, SEED_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def upload(client, name, data, **extra):
    return client.post(reverse("desk:import"), {"file": SimpleUploadedFile(name, data)}, **extra)


# --- uploads --------------------------------------------------------------------------


def test_upload_seed_creates_draft_and_keeps_file(directory, supervisor, client_for, media):
    client = client_for(supervisor)
    response = upload(client, "haixi-2020-91.txt", (DATA / "haixi-2020-91.txt").read_bytes())
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:review", args=[plan.pk])
    assert plan.status == "draft" and plan.source_type == "txt"
    assert plan.doc_number == "西政办〔2020〕91号"
    assert plan.tasks.count() == 9
    files = stored_files(media)
    assert len(files) == 1 and files[0].parent.parent.parent.name == "plans"
    assert files[0].read_bytes() == (DATA / "haixi-2020-91.txt").read_bytes()
    # The original is downloadable only through the permission-checked view.
    download = client.get(reverse("plans:source", args=[plan.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files[0].read_bytes()


def test_htmx_upload_redirects_with_header(directory, supervisor, client_for, media):
    response = upload(
        client_for(supervisor), "plan.txt", SEED_TEXT.encode("gb18030"), HTTP_HX_REQUEST="true"
    )
    plan = Plan.objects.get()
    assert response["HX-Redirect"] == reverse("desk:review", args=[plan.pk])
    assert plan.tasks.count() == 9


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.exe", b"MZ\x90\x00binary", "只支持"),
        ("plan.txt", b"\x00\x01\x02\x03" * 100, "无法识别的文件类型"),
        ("plan.docx", "这是一段纯文本,不是 Word 文件。".encode(), "文件内容与扩展名不符"),
        ("plan.pdf", b"PK\x03\x04garbage", "文件已损坏"),
        ("plan.txt", b"", "空"),
    ],
)
def test_rejected_upload_stores_nothing(
    directory, supervisor, client_for, media, name, data, message
):
    response = upload(client_for(supervisor), name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Plan.objects.count() == 0 and Task.objects.count() == 0
    assert stored_files(media) == []


def test_zip_that_is_not_a_document_is_rejected(directory, supervisor, client_for, media):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = upload(client_for(supervisor), "plan.docx", buffer.getvalue())
    assert "不是 Word、Excel 或 OFD 文档" in response.content.decode()
    assert Plan.objects.count() == 0 and stored_files(media) == []


def test_docx_with_unknown_zip_version_is_a_chinese_error(directory, supervisor, client_for, media):
    """Issue 16: zipfile's NotImplementedError in type detection answered 500."""
    data = damage.unknown_zip_version(damage.samples()["docx"][0])
    response = upload(client_for(supervisor), "plan.docx", data)
    assert response.status_code == 200
    assert "无法读取该文件:docx 文件已损坏或无法读取" in response.content.decode()
    assert Plan.objects.count() == 0 and Task.objects.count() == 0
    assert stored_files(media) == []


def test_oversized_upload_rejected(directory, supervisor, client_for, media, settings):
    settings.DUBAN_MAX_UPLOAD_BYTES = 1000
    response = upload(client_for(supervisor), "plan.txt", SEED_TEXT.encode())
    assert "文件过大" in response.content.decode()
    assert Plan.objects.count() == 0 and stored_files(media) == []


def test_paste_text(directory, supervisor, client_for, media):
    response = client_for(supervisor).post(reverse("desk:import"), {"text": SEED_TEXT})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.source_type == "paste" and not plan.source_file
    assert plan.tasks.count() == 9
    assert stored_files(media) == []


def test_import_needs_exactly_one_input(directory, supervisor, client_for, media):
    response = client_for(supervisor).post(reverse("desk:import"), {"text": "  "})
    assert "二选一" in response.content.decode()
    assert Plan.objects.count() == 0


# --- review page --------------------------------------------------------------------


def test_review_page_shows_text_tasks_badges_and_blocked_publish(directory, supervisor, client_for):
    plan = world.make_draft(extra_co=["州某某局"])
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    task = world.task_a(plan)
    assert f'id="src-task-{task.pk}"' in page
    assert f'data-span="{task.span_start},{task.span_end}"' in page
    assert "未识别" in page and "映射到已有单位" in page and "新建单位" in page
    assert "集合: 6 个单位" in page and "已匹配" in page
    assert "≥ 不低于 1.3万人" in page
    assert 'disabled aria-describedby="publish-reasons"' in page
    assert "州某某局" in page and "未识别" in page
    assert "plans/review.js" in page


def test_create_unit_from_review_then_publish(directory, supervisor, client_for):
    plan = world.make_draft(extra_co=["州某某局"])
    mention = UnitMention.objects.get(name="州某某局")
    client = client_for(supervisor)
    response = client.post(
        reverse("plans:mention_create_unit", args=[mention.pk]),
        {
            "name": "州某某局",
            "full_name": "海西州某某局",
            "kind": "department",
            "version": mention.version,
        },
    )
    assert response.status_code == 302
    assert Unit.objects.filter(name="州某某局", full_name="海西州某某局").exists()
    page = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "尚未设置报送日历" in page  # the last blocker: accept the proposed calendar
    assert 'value="2020-12-21"' in page and "采用建议的报送日历" in page
    response = client.post(
        reverse("reports:calendar", args=[plan.pk]),
        {
            "next": "review",
            "cadence": "dates",
            "dates": "2020-12-21",
            "start": "2020-10-30",
            "final_deadline": "2020-12-21",
            "co_lead_days": "3",
        },
    )
    assert response["Location"] == reverse("desk:review", args=[plan.pk]) + "#calendar"
    page = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "disabled" not in page.split('id="publish-bar"')[1].split("</div>")[0]
    response = client.post(reverse("desk:publish", args=[plan.pk]))
    assert response["Location"] == reverse("desk:detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.status == "published"
    assert Assignment.objects.filter(unit__name="州某某局").count() == 1
    # Published: the review page sends to the read-only detail.
    assert client.get(reverse("desk:review", args=[plan.pk]))["Location"] == reverse(
        "desk:detail", args=[plan.pk]
    )


def test_publish_refused_with_unknown_mention_leaves_db(directory, supervisor, client_for):
    plan = world.make_draft(extra_co=["州某某局"])
    client = client_for(supervisor)
    response = client.post(reverse("desk:publish", args=[plan.pk]), follow=True)
    assert "州某某局" in response.content.decode() and "未识别" in response.content.decode()
    plan.refresh_from_db()
    assert (
        plan.status == "draft" and not Assignment.objects.exists() and not Notice.objects.exists()
    )


def test_htmx_task_edit_swaps_card(directory, supervisor, client_for):
    plan = world.make_draft()
    task = world.task_a(plan)
    client = client_for(supervisor)
    form = client.get(reverse("plans:task_edit", args=[task.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in form.content.decode() and 'name="version"' in form.content.decode()
    response = client.post(
        reverse("plans:task_edit", args=[task.pk]),
        {
            "key": "(一)",
            "title": "抓好重大项目投资",
            "group": "",
            "deadline": "2020-11-30",
            "version": task.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Retarget"] == f"#task-{task.pk}"
    body = response.content.decode()
    assert "抓好重大项目投资" in body and "2020年11月30日" in body
    # The card says the plan changed; the review page's publish bar asks again.
    assert response["HX-Trigger"] == "plan-changed"
    review = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    publish_bar = reverse("desk:publish_bar", args=[plan.pk])
    assert f'hx-get="{publish_bar}" hx-trigger="plan-changed from:body"' in review
    bar = client.get(publish_bar, HTTP_HX_REQUEST="true").content.decode()
    assert bar.count('id="publish-bar"') == 1 and "<html" not in bar
    task.refresh_from_db()
    assert task.title == "抓好重大项目投资"
    assert task.history.first().history_user == supervisor


def test_publish_bar_follows_an_edit_of_the_draft(directory, supervisor, client_for):
    plan = world.make_draft(extra_co=["州某某局"])
    client = client_for(supervisor)
    bar_url = reverse("desk:publish_bar", args=[plan.pk])
    assert "州某某局" in client.get(bar_url, HTTP_HX_REQUEST="true").content.decode()
    mention = UnitMention.objects.get(name="州某某局")
    response = client.post(
        reverse("plans:mention_delete", args=[mention.pk]),
        {"version": mention.version},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Trigger"] == "plan-changed"
    bar = client.get(bar_url, HTTP_HX_REQUEST="true").content.decode()
    assert "州某某局" not in bar and "尚未设置报送日历" in bar


def test_stale_edit_shows_users_text_and_keeps_other_save(directory, supervisor, client_for):
    plan = world.make_draft()
    task = world.task_a(plan)
    url = reverse("plans:task_edit", args=[task.pk])
    first, second = client_for(supervisor), client_for(supervisor)
    rendered = task.version
    first.post(url, {"key": "(一)", "title": "甲的修改", "version": rendered})
    response = second.post(url, {"key": "(一)", "title": "乙的修改", "version": rendered})
    body = response.content.decode()
    assert response.status_code == 200
    assert "已被其他人修改" in body
    assert 'value="乙的修改"' in body  # nothing the user typed is lost
    task.refresh_from_db()
    assert task.title == "甲的修改"
    # Sending the form again (it now carries the saved version) is a deliberate overwrite.
    assert f'name="version" value="{task.version}"' in body
    second.post(url, {"key": "(一)", "title": "乙的修改", "version": task.version})
    task.refresh_from_db()
    assert task.title == "乙的修改"


def test_target_and_mention_edits_through_views(directory, supervisor, client_for):
    plan = world.make_draft()
    task = world.task_a(plan)
    client = client_for(supervisor)
    target = task.targets.get()
    client.post(
        reverse("plans:target_edit", args=[target.pk]),
        {
            "name": "固定资产投资增长",
            "op": "between",
            "value": "5",
            "value_max": "8",
            "unit": "%",
            "version": target.version,
        },
    )
    target.refresh_from_db()
    assert target.op == "between" and target.value_max == 8
    client.post(reverse("plans:mention_add", args=[task.pk]), {"role": "co", "name": "州交通局"})
    added = task.mentions.get(name="州交通局")
    assert added.status == "resolved" and added.units.get().name == "州交通运输局"
    client.post(reverse("plans:mention_delete", args=[added.pk]), {"version": added.version})
    assert not task.mentions.filter(name="州交通局").exists()
    client.post(reverse("plans:target_delete", args=[target.pk]), {"version": target.version})
    assert not task.targets.exists()
    client.post(reverse("plans:task_add", args=[plan.pk]), {"title": "补充任务", "key": "(三)"})
    assert plan.tasks.filter(title="补充任务").exists()


# --- roles ----------------------------------------------------------------------------


def test_leader_sees_detail_without_edit_controls_and_cannot_edit(
    directory, leader, supervisor, client_for
):
    draft = world.make_draft()
    client = client_for(leader)
    assert client.get(reverse("desk:detail", args=[draft.pk])).status_code == 404
    assert "测试专项行动" not in client.get(reverse("plans:list")).content.decode()
    plan = world.make_published()
    task = world.task_a(plan)
    page = client.get(reverse("desk:detail", args=[plan.pk])).content.decode()
    assert "抓好项目投资" in page and "稳定就业" in page
    for control in (
        "修改任务",
        "删除任务",
        "新增指标",
        "添加单位",
        "publish-bar",
        "映射到已有单位",
    ):
        assert control not in page
    assert_forbidden(
        client, "POST", reverse("plans:task_edit", args=[task.pk]), {"title": "x", "version": 1}
    )
    assert_forbidden(client, "POST", reverse("desk:publish", args=[plan.pk]))
    assert_forbidden(client, "GET", reverse("desk:review", args=[plan.pk]))


def test_other_office_plan_is_invisible(directory, supervisor, client_for):
    plan = world.make_draft()
    other = Unit.objects.create(name="别州政府办公室", kind="office")
    stranger = User.objects.create_user(
        username="other", password="x-Long-Password-1", role="supervisor", unit=other
    )
    client = client_for(stranger)
    assert_forbidden(client, "GET", reverse("desk:detail", args=[plan.pk]))
    response = assert_forbidden(
        client,
        "POST",
        reverse("plans:task_edit", args=[world.task_a(plan).pk]),
        {"title": "x", "version": 1},
    )
    assert response.status_code == 404
    assert "测试专项行动" not in client.get(reverse("plans:list")).content.decode()


# --- inbox ----------------------------------------------------------------------------


def test_inbox_shows_units_tasks_notices_and_marks_read(
    directory, supervisor, fgw_officer, client_for
):
    plan = world.make_published()
    client = client_for(fgw_officer)
    page = client.get(reverse("desk:inbox")).content.decode()
    assert "抓好项目投资" in page and "牵头" in page and "主办" in page
    assert "稳定就业" not in page
    assert "您单位有 1 项新任务:《测试专项行动方案》" in page
    assert "1 条未读" in page
    assert "州住建局(配合)" in page  # the other units involved
    assert "≥ 不低于 8%" in page
    notice = Notice.objects.get(plan=plan, unit=fgw_officer.unit)
    client.post(reverse("plans:notice_read", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "条未读" not in client.get(reverse("desk:inbox")).content.decode()


def test_inbox_cards_say_what_the_tasks_and_reports_say(
    directory, supervisor, fgw_officer, client_for
):
    """The cards are read as plain rows (duban.desk.inbox): each still links
    its task and the report to fill, quotes the task's own excerpt, and lists
    the other units with their roles, in the unit's language."""
    plan = world.make_published()
    unit = fgw_officer.unit
    task = world.task_a(plan)
    task.span_end = task.span_start + 400  # longer than the card's 300 characters
    task.save()
    client = client_for(fgw_officer)
    page = client.get(reverse("desk:inbox")).content.decode()
    mine = Assignment.objects.filter(unit=unit).select_related("task__plan")
    assert mine.count() >= 1
    for assignment in mine:
        task = assignment.task
        card = page.split(f'id="task-{task.pk}"')[1].split("</article>")[0]
        assert f'href="{reverse("plans:task", args=[task.pk])}"' in card
        excerpt = Truncator(task.source_excerpt).chars(300)
        assert task.source_excerpt and escape(excerpt) in card
        report = Report.objects.filter(unit=unit, task=task).order_by("period__due_date", "pk")
        first = report.filter(status__in=("draft", "returned")).first() or report.last()
        assert f'href="{reverse("reports:report", args=[first.pk])}"' in card
        assert f"报送截止 {date_format(first.due_date, 'DATE_FORMAT')}" in card
        others = task.assignments.exclude(unit=unit).select_related("unit")
        for other in others:
            role = "牵头" if other.role == "lead" else "配合"
            role += "、主办" if other.is_principal else ""
            assert f'<span class="other-unit">{other.unit.name}({role})</span>' in card
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("desk:inbox")).content.decode()
    assert "Other units" in english and "其他单位" not in english
    assert "Fill in report" in english and "Due " in english


def test_golmud_sees_county_task_marked_co(directory, supervisor, golmud_officer, client_for):
    plan = world.make_published()
    client = client_for(golmud_officer)
    page = client.get(reverse("desk:inbox")).content.decode()
    assert "稳定就业" in page and "配合" in page and "抓好项目投资" not in page
    detail = client.get(reverse("plans:task", args=[world.task_b(plan).pk])).content.decode()
    assert "城镇新增就业1.3万人" in detail and "州人社局" in detail
    assert client.get(reverse("plans:task", args=[world.task_a(plan).pk])).status_code == 404


def test_home_sends_each_role_to_its_work(directory, supervisor, fgw_officer, client_for):
    assert client_for(supervisor).get("/")["Location"] == reverse("plans:list")
    assert client_for(fgw_officer).get("/")["Location"] == reverse("desk:inbox")


# --- commands ------------------------------------------------------------------------


def test_demo_is_idempotent(db, media, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "duban-demo-1" in out and "演示" in out
    models = (Unit, User, Plan, Task, Assignment, Notice, ReportingPeriod, Report)
    counts = [m.objects.count() for m in models]
    plan = Plan.objects.get()
    assert plan.status == "published" and plan.tasks.count() == 9
    # The demo plan gets a monthly calendar up to its reporting deadline, with
    # one report per assigned unit and period, so the reporting pages have work.
    periods = list(plan.periods.order_by("due_date"))
    assert periods and periods[-1].due_date == plan.report_deadline
    assert Report.objects.count() == Assignment.objects.count() * len(periods)
    fgw = User.objects.get(username="fgw")
    assert Task.objects.visible_to(fgw).count() == 6
    # Dates moved by whole years to today's season; the document text keeps 2020.
    years = shift_years(dt.date(2020, 10, 30), dt.date(2020, 12, 21), timezone.localdate())
    assert plan.date_shift_years == years
    assert plan.published == dt.date(2020 + years, 10, 30)
    assert "2020年12月21日前" in plan.text
    # Reports played through the chain: something accepted, returned, waiting.
    statuses = set(Report.objects.exclude(status="draft").values_list("status", flat=True))
    assert {"accepted", "returned", "consolidated", "submitted"} <= statuses
    assert queue_count(User.objects.get(username="duchashi")) == 2
    call_command("demo")
    assert [m.objects.count() for m in models] == counts


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (dt.date(2026, 12, 3), 6),  # inside the shifted season
        (dt.date(2026, 10, 30), 6),
        (dt.date(2027, 1, 10), 6),  # just after: the nearest season is 2026's
        (dt.date(2027, 9, 1), 7),  # just before 2027's season
    ],
)
def test_demo_shift_is_whole_years_towards_today(today, years):
    assert shift_years(dt.date(2020, 10, 30), dt.date(2020, 12, 21), today) == years


def test_import_plan_command(directory, supervisor, media, capsys, tmp_path):
    Unit.objects.filter(name="州残联").delete()
    path = tmp_path / "plan.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    call_command("import_plan", str(path), "--office", "州政府办", "--user", supervisor.username)
    out = capsys.readouterr().out
    assert "9 项任务" in out and "州残联" in out
    assert Plan.objects.get().status == "draft"
    with pytest.raises(Exception, match="未识别"):
        call_command(
            "import_plan",
            str(path),
            "--office",
            "州政府办公室",
            "--user",
            supervisor.username,
            "--publish",
        )
    assert not Plan.objects.filter(status="published").exists()


def test_history_pages_show_who_changed_what(directory, supervisor, leader, client_for):
    plan = world.make_draft()
    task = world.task_a(plan)
    target = task.targets.get()
    client = client_for(supervisor)
    client.post(
        reverse("plans:task_edit", args=[task.pk]),
        {"key": "(一)", "title": "抓好重大项目投资", "version": task.version},
    )
    client.post(reverse("plans:target_delete", args=[target.pk]), {"version": target.version})
    page = client.get(reverse("plans:task_history", args=[task.pk])).content.decode()
    assert "督查室王科长" in page
    assert "<del>抓好项目投资</del>" in page and "<ins>抓好重大项目投资</ins>" in page
    assert "删除指标“固定资产投资增长”" in page  # deleted targets stay in the record
    plan_page = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "audit-trail" in plan_page and "督查室王科长" in plan_page


def test_office_changes_principal_leader_cannot(directory, supervisor, leader, client_for):
    plan = world.make_published()
    task = world.task_a(plan)
    zjj = Unit.objects.get(name="州住建局")
    page = client_for(supervisor).get(reverse("desk:detail", args=[plan.pk])).content.decode()
    assert "设为主办" in page
    assert (
        "设为主办"
        not in client_for(leader).get(reverse("desk:detail", args=[plan.pk])).content.decode()
    )
    url = reverse("desk:task_principal", args=[task.pk])
    assert_forbidden(client_for(leader), "POST", url, {"unit": zjj.pk})
    client_for(supervisor).post(url, {"unit": zjj.pk})
    assert list(
        task.assignments.filter(is_principal=True).values_list("unit__name", flat=True)
    ) == ["州住建局"]
    # A unit not assigned to the task is refused, nothing changes.
    other = Unit.objects.get(name="州财政局")
    response = client_for(supervisor).post(url, {"unit": other.pk}, follow=True)
    assert "不是这项任务的责任单位" in response.content.decode()
    assert task.assignments.get(is_principal=True).unit == zjj


def test_delete_draft_removes_rows_and_file(
    directory, supervisor, client_for, media, django_capture_on_commit_callbacks
):
    response = upload(client_for(supervisor), "plan.txt", SEED_TEXT.encode())
    plan = Plan.objects.get()
    assert len(stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supervisor).post(reverse("plans:delete", args=[plan.pk]))
    assert response["Location"] == reverse("plans:list")
    assert (
        not Plan.objects.exists() and not Task.objects.exists() and not UnitMention.objects.exists()
    )
    assert stored_files(media) == []
    assert Plan.history.filter(id=plan.pk, history_type="-").get().history_user == supervisor


def test_published_plan_cannot_be_deleted(directory, supervisor, client_for):
    plan = world.make_published()
    assert_forbidden(client_for(supervisor), "POST", reverse("plans:delete", args=[plan.pk]))
    assert Plan.objects.filter(pk=plan.pk, status="published").exists()


def test_importing_the_same_document_twice_warns(directory, supervisor, client_for, media):
    client = client_for(supervisor)
    first = client.post(reverse("desk:import"), {"text": SEED_TEXT}, follow=True).content.decode()
    assert "此前已经导入过" not in first
    second = client.post(reverse("desk:import"), {"text": SEED_TEXT}, follow=True).content.decode()
    assert "文号为“西政办〔2020〕91号”的公文此前已经导入过" in second
    assert Plan.objects.count() == 2

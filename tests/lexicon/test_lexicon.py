"""The office's 解析词表: the service steps (audited), YAML round trip and located
errors, the page, and the vocabulary in force wherever a plan is (re)parsed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from duban.lexicon import services
from duban.lexicon.models import Term
from duban.plans import services as plan_services
from duban.plans.models import Plan, UnitMention
from duban.plans.uploads import read_pasted

pytestmark = pytest.mark.django_db

# Units under 落实主体, a label the built-in list does not know.
LUOSHI = (
    "关于开展测试专项行动的通知\n\n"
    "一、重点任务\n"
    "(一)抓好项目投资。确保固定资产投资增长8%。\n"
    "牵头单位:州发改委\n"
    "落实主体:州住建局、州财政局\n"
    "(二)稳定就业。确保城镇新增就业1.3万人。\n"
    "牵头单位:州人社局\n"
    "落实主体:州教育局\n"
)


def co_units(plan):
    return [
        list(t.mentions.filter(role=UnitMention.Role.CO).values_list("name", flat=True))
        for t in plan.tasks.order_by("order")
    ]


# --- service steps -------------------------------------------------------------------


def test_add_edit_delete_are_audited_with_the_acting_user(office, supervisor):
    term = services.add_term(office=office, user=supervisor, word=" 落实 主体 ", role="co")
    assert term.word == "落实主体"
    services.update_term(term=term, user=supervisor, word="落实主体", role="lead", note="改")
    services.delete_term(term=term, user=supervisor)
    records = list(Term.history.order_by("history_date"))
    assert [(r.history_type, r.role, r.history_user) for r in records] == [
        ("+", "co", supervisor),
        ("~", "lead", supervisor),
        ("-", "lead", supervisor),
    ]
    assert not Term.objects.exists()


@pytest.mark.parametrize("word", ["主体", "落实主体:", "abc单位", "一二三四五六七八九十一二三"])
def test_a_word_must_be_three_to_twelve_han_characters(office, supervisor, word):
    with pytest.raises(services.LexiconError) as err:
        services.add_term(office=office, user=supervisor, word=word, role="co")
    assert "3 至 12 个汉字" in str(err.value)
    assert not Term.objects.exists()


def test_a_word_is_listed_once_per_office(office, supervisor):
    services.add_term(office=office, user=supervisor, word="落实主体", role="co")
    with pytest.raises(services.LexiconError, match="已在词表中"):
        services.add_term(office=office, user=supervisor, word="落实主体", role="lead")


def test_only_the_offices_supervisor_changes_its_vocabulary(office, supervisor, leader, fgw_head):
    for user in (leader, fgw_head):
        with pytest.raises(services.LexiconError, match="督查室"):
            services.add_term(office=office, user=user, word="落实主体", role="co")
    # A supervisor of the office cannot write into another unit's list either.
    with pytest.raises(services.LexiconError):
        services.add_term(office=fgw_head.unit, user=supervisor, word="落实主体", role="co")
    assert not Term.objects.exists()


def test_unknown_role_is_refused(office, supervisor):
    with pytest.raises(services.LexiconError):
        services.add_term(office=office, user=supervisor, word="落实主体", role="boss")


# --- YAML ------------------------------------------------------------------------------


def test_yaml_round_trip(office, supervisor):
    services.add_term(office=office, user=supervisor, word="落实主体", role="co", note="县里的叫法")
    services.add_term(office=office, user=supervisor, word="本月动态", role="progress")
    text = services.export_yaml(office)
    assert "落实主体" in text and "# 解析词表" in text
    Term.objects.all().delete()
    assert services.import_yaml(office=office, user=supervisor, content=text.encode()) == (2, 0)
    assert Term.objects.as_vocabulary(office) == {"落实主体": "co", "本月动态": "progress"}
    assert Term.objects.get(word="落实主体").note == "县里的叫法"
    # Importing again changes nothing; a changed role is an update, others stay.
    assert services.import_yaml(office=office, user=supervisor, content=text) == (0, 0)
    changed = "terms:\n  - word: 落实主体\n    role: 牵头单位\n"
    assert services.import_yaml(office=office, user=supervisor, content=changed) == (0, 1)
    assert Term.objects.as_vocabulary(office) == {"落实主体": "lead", "本月动态": "progress"}


def test_yaml_syntax_error_is_located(office, supervisor):
    bad = "terms:\n  - word: 落实主体\n    role: [co\n"
    with pytest.raises(services.LexiconError) as err:
        services.import_yaml(office=office, user=supervisor, content=bad)
    assert "YAML 格式错误:第 4 行" in str(err.value)


def test_every_bad_entry_is_reported_with_its_line_and_nothing_is_saved(office, supervisor):
    bad = (
        "terms:\n"
        "  - word: 落实主体\n"
        "    role: co\n"
        "  - word: 主体\n"
        "    role: co\n"
        "  - word: 协办主体\n"
        "    role: boss\n"
        "  - just text\n"
        "  - word: 落实主体\n"
        "    role: lead\n"
    )
    with pytest.raises(services.LexiconError) as err:
        services.import_yaml(office=office, user=supervisor, content=bad)
    messages = err.value.messages
    assert messages[0].startswith("第 2 条(第 4 行):") and "3 至 12 个汉字" in messages[0]
    assert messages[1].startswith("第 3 条(第 6 行):") and "“boss”无法识别" in messages[1]
    assert messages[2] == "第 4 条(第 8 行):应为含 word 和 role 的条目。"
    assert messages[3] == "第 5 条(第 9 行):“落实主体”重复。"
    assert not Term.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件是空的"),
        (b"terms: 3\n", "terms:"),
        (b"just a string\n", "terms:"),
        ("terms: []\n".encode("gbk") + b"\xff\xfe", "UTF-8"),
    ],
)
def test_a_file_of_the_wrong_shape_gets_a_chinese_reason(office, supervisor, content, message):
    with pytest.raises(services.LexiconError, match=message):
        services.import_yaml(office=office, user=supervisor, content=content)


# --- the page ----------------------------------------------------------------------------


def test_the_page_adds_lists_and_shows_the_audit_trail(client_for, supervisor):
    client = client_for(supervisor)
    response = client.post(reverse("lexicon:list"), {"word": "落实主体", "role": "co", "note": ""})
    assert response.status_code == 302
    page = client.get(reverse("lexicon:list")).content.decode()
    assert "落实主体" in page and "配合单位" in page
    audit = page[page.index('id="lexicon-audit"') :]
    assert "添加" in audit and str(supervisor) in audit


def test_the_page_refuses_a_bad_word_with_a_chinese_error(client_for, supervisor):
    response = client_for(supervisor).post(reverse("lexicon:list"), {"word": "主体", "role": "co"})
    assert response.status_code == 400
    assert "3 至 12 个汉字" in response.content.decode()
    assert not Term.objects.exists()


def test_edit_and_delete_through_the_page(client_for, supervisor, office):
    term = services.add_term(office=office, user=supervisor, word="落实主体", role="co")
    client = client_for(supervisor)
    url = reverse("lexicon:edit", args=[term.pk])
    assert client.post(url, {"word": "落实主体", "role": "lead", "note": "x"}).status_code == 302
    assert Term.objects.get().role == "lead"
    assert client.post(reverse("lexicon:delete", args=[term.pk])).status_code == 302
    assert not Term.objects.exists()


def test_bad_yaml_upload_shows_the_located_errors(client_for, supervisor):
    data = "terms:\n  - word: 主体\n    role: co\n".encode()
    response = client_for(supervisor).post(
        reverse("lexicon:import"), {"file": SimpleUploadedFile("x.yaml", data)}, follow=True
    )
    assert response.status_code == 200
    assert "第 1 条(第 2 行)" in response.content.decode()


def test_export_is_a_yaml_download(client_for, supervisor, office):
    services.add_term(office=office, user=supervisor, word="落实主体", role="co")
    response = client_for(supervisor).get(reverse("lexicon:export"))
    assert response["Content-Type"].startswith("application/yaml")
    assert "attachment" in response["Content-Disposition"]
    assert "落实主体" in response.content.decode()


# --- the vocabulary in force wherever plans are parsed --------------------------------------


def test_paste_import_reads_with_the_offices_vocabulary(client_for, supervisor, office):
    client = client_for(supervisor)
    client.post(reverse("desk:import"), {"text": LUOSHI})
    assert co_units(Plan.objects.get()) == [[], []]
    services.add_term(office=office, user=supervisor, word="落实主体", role="co")
    client.post(reverse("desk:import"), {"text": LUOSHI})
    assert co_units(Plan.objects.latest("pk")) == [["州住建局", "州财政局"], ["州教育局"]]


def test_the_vocabulary_is_the_importing_offices_own(supervisor, office, fgw_head):
    Term.objects.create(office=fgw_head.unit, word="落实主体", role="co")
    parsed = read_pasted(LUOSHI, office=office)
    assert [t.co_units for t in parsed.tasks] == [[], []]
    parsed = read_pasted(LUOSHI, office=fgw_head.unit)
    assert [t.co_units for t in parsed.tasks] == [["州住建局", "州财政局"], ["州教育局"]]


def test_the_import_plan_command_reads_with_the_offices_vocabulary(
    supervisor, office, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    services.add_term(office=office, user=supervisor, word="落实主体", role="co")
    path = tmp_path / "plan.txt"
    path.write_text(LUOSHI, encoding="utf-8")
    call_command("import_plan", str(path), office=office.name, user=supervisor.username)
    assert co_units(Plan.objects.get()) == [["州住建局", "州财政局"], ["州教育局"]]


def test_reparse_a_draft_with_the_current_vocabulary(client_for, supervisor, office):
    client = client_for(supervisor)
    client.post(reverse("desk:import"), {"text": LUOSHI})
    plan = Plan.objects.get()
    old_tasks = list(plan.tasks.values_list("pk", flat=True))
    services.add_term(office=office, user=supervisor, word="落实主体", role="co")
    response = client.post(reverse("plans:reparse", args=[plan.pk]))
    assert response.status_code == 302 and response.url == reverse("desk:review", args=[plan.pk])
    assert co_units(plan) == [["州住建局", "州财政局"], ["州教育局"]]
    # The new mentions are resolved against the directory like an import's.
    assert not plan_services.unknown_mentions(plan).exists()
    # The old rows left through the audit trail.
    deleted = plan.tasks.model.history.filter(history_type="-", id__in=old_tasks)
    assert deleted.count() == 2 and {r.history_user for r in deleted} == {supervisor}


def test_reparse_keeps_the_reviewers_plan_fields(supervisor, office):
    parsed = read_pasted(LUOSHI, office=office)
    plan = plan_services.import_plan(parsed=parsed, office=office, user=supervisor)
    plan_services.update_plan(plan=plan, user=supervisor, title="改过的标题", version=plan.version)
    plan = plan_services.reparse_plan(plan=Plan.objects.get(), user=supervisor)
    assert plan.title == "改过的标题"
    assert plan.tasks.count() == 2


def test_a_published_plan_is_not_reparsed(supervisor, office):
    parsed = read_pasted(LUOSHI, office=office)
    plan = plan_services.import_plan(parsed=parsed, office=office, user=supervisor)
    plan.status = Plan.Status.PUBLISHED
    plan.save()
    with pytest.raises(plan_services.NotEditable):
        plan_services.reparse_plan(plan=plan, user=supervisor)


def test_the_review_page_offers_reparse_and_the_lexicon(client_for, supervisor, office):
    parsed = read_pasted(LUOSHI, office=office)
    plan = plan_services.import_plan(parsed=parsed, office=office, user=supervisor)
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert reverse("plans:reparse", args=[plan.pk]) in page
    assert reverse("lexicon:list") in page

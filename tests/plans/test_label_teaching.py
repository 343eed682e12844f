"""The review page teaches the office's 解析词表: a mention keeps the label it was read
under; when the reviewer changes its role, the card offers to add that label with the
new role, and accepting adds (or changes) the lexicon entry, audited."""

import pytest
from django.urls import reverse

from duban.docparse import ParsedPlan
from duban.lexicon import services as lexicon_services
from duban.lexicon.models import Term
from duban.plans import services, teaching
from duban.plans.models import Plan, UnitMention
from duban.plans.uploads import read_pasted
from tests.lexicon.test_lexicon import LUOSHI, co_units

pytestmark = pytest.mark.django_db

# Units under 落实主体 and under 牵头单位, and one named in a sentence.
SENTENCE = "关于开展测试专项行动的通知\n\n1.扩大有效投资。州人社局牵头,州教育局配合。\n"


def _import(office, supervisor, text=LUOSHI):
    return services.import_plan(
        parsed=read_pasted(text, office=office), office=office, user=supervisor
    )


@pytest.fixture
def taught_lead(office, supervisor):
    """The office once taught 落实主体 as lead: its units come out as leads."""
    return lexicon_services.add_term(office=office, user=supervisor, word="落实主体", role="lead")


def _mention(plan, name):
    return UnitMention.objects.get(task__plan=plan, name=name)


def _move(mention, user, role):
    return services.update_mention(mention=mention, user=user, role=role, version=mention.version)


# --- the import keeps the label ------------------------------------------------------


def test_the_import_stores_the_label_of_each_mention(office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    assert _mention(plan, "州住建局").source_label == "落实主体"
    assert _mention(plan, "州发改委").source_label == "牵头单位"


def test_a_mention_from_a_sentence_has_no_label(office, supervisor):
    plan = _import(office, supervisor, SENTENCE)
    assert {m.name: m.source_label for m in UnitMention.objects.all()} == {
        "州人社局": "",
        "州教育局": "",
    }
    assert plan.tasks.count() == 1


def test_the_import_reads_labels_from_the_contract(office, supervisor):
    contract = {
        "tasks": [
            {
                "key": "1",
                "title": "任务",
                "span": [0, 2],
                "lead_units": ["州发改委"],
                "co_units": ["州财政局"],
                "unit_labels": {"州财政局": "落实主体"},
            }
        ]
    }
    plan = services.import_plan(
        parsed=ParsedPlan.from_dict(contract, text="任务"), office=office, user=supervisor
    )
    assert _mention(plan, "州财政局").source_label == "落实主体"
    assert _mention(plan, "州发改委").source_label == ""


# --- when the offer is made ----------------------------------------------------------


def test_the_offer_follows_a_role_change_of_a_mention_from_a_label(office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    mention = _move(_mention(plan, "州住建局"), supervisor, "co")
    offer = teaching.label_offer(mention, supervisor)
    assert (offer.word, offer.role, offer.role_label, offer.term) == (
        "落实主体",
        "co",
        "配合单位",
        taught_lead,
    )


def test_no_offer_while_the_vocabulary_already_gives_that_role(office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    assert teaching.label_offer(_mention(plan, "州住建局"), supervisor) is None
    # 牵头单位 is a built-in lead label: a lead under it teaches nothing.
    assert teaching.label_offer(_mention(plan, "州发改委"), supervisor) is None


def test_no_offer_for_a_mention_from_a_sentence(office, supervisor):
    plan = _import(office, supervisor, SENTENCE)
    assert (
        teaching.label_offer(_move(_mention(plan, "州教育局"), supervisor, "lead"), supervisor)
        is None
    )


def test_no_offer_for_a_label_the_lexicon_cannot_hold(office, supervisor):
    plan = _import(office, supervisor, SENTENCE)
    mention = _mention(plan, "州教育局")
    mention.source_label = "配合"  # two characters: docparse needs its colon
    mention.save()
    assert teaching.label_offer(mention, supervisor) is None


def test_only_the_offices_supervisor_is_offered(
    office, supervisor, taught_lead, leader, admin_user, fgw_head
):
    plan = _import(office, supervisor)
    mention = _move(_mention(plan, "州住建局"), supervisor, "co")
    assert teaching.label_offer(mention, supervisor) is not None
    for user in (leader, admin_user, fgw_head):
        assert teaching.label_offer(mention, user) is None
        with pytest.raises(services.NotAllowed):
            teaching.teach_label(mention=mention, user=user)
    assert Term.objects.get().role == "lead"


def test_no_offer_once_the_plan_is_published(office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    mention = _move(_mention(plan, "州住建局"), supervisor, "co")
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PUBLISHED)
    mention.refresh_from_db()
    assert teaching.label_offer(mention, supervisor) is None


# --- accepting it --------------------------------------------------------------------


def test_accepting_changes_the_entry_and_the_audit_trail_says_who(office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    mention = _move(_mention(plan, "州住建局"), supervisor, "co")
    term = teaching.teach_label(mention=mention, user=supervisor)
    assert (term.pk, term.word, term.role) == (taught_lead.pk, "落实主体", "co")
    latest = Term.history.order_by("-history_date").first()
    assert (latest.history_type, latest.role, latest.history_user) == ("~", "co", supervisor)
    # Re-parsing the draft with the taught vocabulary gives the co-units.
    services.reparse_plan(plan=plan, user=supervisor)
    assert co_units(plan) == [["州住建局", "州财政局"], ["州教育局"]]


def test_accepting_adds_a_label_the_office_never_had(office, supervisor):
    text = "关于印发方案的通知\n\n1.推进产业升级。\n落实单位:州发改委\n配合单位:州财政局\n"
    plan = _import(office, supervisor, text)
    # 落实单位 beside 配合单位 reads as the lead; this office means a co-unit.
    mention = _mention(plan, "州发改委")
    assert (mention.role, mention.source_label) == ("lead", "落实单位")
    teaching.teach_label(mention=_move(mention, supervisor, "co"), user=supervisor)
    record = Term.history.get()
    assert (record.history_type, record.word, record.role, record.history_user) == (
        "+",
        "落实单位",
        "co",
        supervisor,
    )
    assert "审核" in record.note


def test_accepting_twice_is_refused_with_a_reason(office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    mention = _move(_mention(plan, "州住建局"), supervisor, "co")
    teaching.teach_label(mention=mention, user=supervisor)
    with pytest.raises(services.InvalidInput, match="词表已是这个含义"):
        teaching.teach_label(mention=mention, user=supervisor)


# --- the review page -------------------------------------------------------------------


def _role_post(client, mention, role, **headers):
    url = reverse("plans:mention_role", args=[mention.pk])
    return client.post(url, {"role": role, "version": mention.version}, **headers)


def test_the_card_offers_the_label_after_a_role_change(client_for, office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    mention = _mention(plan, "州住建局")
    response = _role_post(client_for(supervisor), mention, "co", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="label-offer-{mention.pk}"' in page
    assert "把“落实主体”加入解析词表为配合单位" in page
    assert reverse("plans:mention_teach_label", args=[mention.pk]) in page


def test_without_htmx_the_review_page_carries_the_offer(
    client_for, office, supervisor, taught_lead
):
    plan = _import(office, supervisor)
    mention = _mention(plan, "州住建局")
    client = client_for(supervisor)
    response = _role_post(client, mention, "co")
    assert response.status_code == 302 and f"?label_offer={mention.pk}" in response.url
    page = client.get(response.url).content.decode()
    assert "把“落实主体”加入解析词表为配合单位" in page
    # The plain review page offers nothing.
    page = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "label-offer" not in page


def test_a_role_change_of_a_mention_from_a_sentence_offers_nothing(client_for, office, supervisor):
    plan = _import(office, supervisor, SENTENCE)
    mention = _mention(plan, "州教育局")
    response = _role_post(client_for(supervisor), mention, "lead", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "label-offer" not in response.content.decode()


def test_accepting_on_the_page_adds_to_the_lexicon(client_for, office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    mention = _move(_mention(plan, "州住建局"), supervisor, "co")
    url = reverse("plans:mention_teach_label", args=[mention.pk])
    response = client_for(supervisor).post(url, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "已把“落实主体”加入解析词表为配合单位" in page and "label-offer" not in page
    assert Term.objects.get().role == "co"


def test_the_page_refuses_a_leader(client_for, office, supervisor, leader, taught_lead):
    plan = _import(office, supervisor)
    mention = _move(_mention(plan, "州住建局"), supervisor, "co")
    url = reverse("plans:mention_teach_label", args=[mention.pk])
    assert client_for(leader).post(url).status_code in (403, 404)
    assert Term.objects.get().role == "lead"


def test_accepting_a_stale_offer_on_the_page_says_why(client_for, office, supervisor, taught_lead):
    plan = _import(office, supervisor)
    mention = _mention(plan, "州住建局")  # still a lead, as 落实主体 says: nothing to teach
    url = reverse("plans:mention_teach_label", args=[mention.pk])
    response = client_for(supervisor).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "词表已是这个含义" in response.content.decode()
    assert Term.objects.get().role == "lead"

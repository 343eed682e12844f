"""Plans built for permission rows and view tests: a small two-task plan of the office.

Task A: lead 州发改委, co 州住建局 (so only 州发改委's people among the unit
personas see it); task B: lead 州人社局, co 各市、县人民政府.
"""

from duban.accounts.models import User
from duban.docparse import ParsedPlan
from duban.plans import services
from duban.plans.models import Notice
from duban.reports.calendar import calendar_from_document
from duban.reports.publishing import publish_plan
from duban.units.models import Unit

TEXT = (
    "关于开展测试专项行动的通知\n"
    "(一)抓好项目投资。确保固定资产投资增长8%。(牵头单位:州发改委,责任单位:州住建局)\n"
    "(二)稳定就业。确保城镇新增就业1.3万人。(牵头单位:州人社局,责任单位:各市、县人民政府)\n"
)


def _span(text, needle):
    start = TEXT.index(needle)
    return [start, start + len(needle)]


def contract(extra_co=()):
    line_a = TEXT.splitlines()[1]
    line_b = TEXT.splitlines()[2]
    return {
        "meta": {
            "title": "关于开展测试专项行动的通知",
            "doc_number": "测办〔2020〕1号",
            "plan_title": "测试专项行动方案",
        },
        "reporting": {"deadline": "2020-12-21", "to": "州政府办公室", "channel": None},
        "tasks": [
            {
                "key": "(一)",
                "title": "抓好项目投资",
                "lead_units": ["州发改委"],
                "co_units": ["州住建局", *extra_co],
                "deadline": "2020-12-31",
                "span": _span(TEXT, line_a),
                "subtasks": [],
                "indicators": [
                    {
                        "name": "固定资产投资增长",
                        "op": ">=",
                        "value": 8,
                        "unit": "%",
                        "raw": "8%",
                        "text": "固定资产投资增长8%",
                        "subject": None,
                        "deadline": None,
                        "span": _span(TEXT, "固定资产投资增长8%"),
                    }
                ],
            },
            {
                "key": "(二)",
                "title": "稳定就业",
                "lead_units": ["州人社局"],
                "co_units": ["各市、县人民政府"],
                "deadline": None,
                "span": _span(TEXT, line_b),
                "subtasks": [],
                "indicators": [
                    {
                        "name": "城镇新增就业",
                        "op": ">=",
                        "value": 13000,
                        "unit": "人",
                        "raw": "1.3万人",
                        "text": "城镇新增就业1.3万人",
                        "subject": None,
                        "deadline": None,
                        "span": _span(TEXT, "城镇新增就业1.3万人"),
                    }
                ],
            },
        ],
    }


def office():
    return Unit.objects.get(name="州政府办公室")


def supervisor():
    return User.objects.get(username="duchashi")


def make_draft(user=None, source_bytes=None, extra_co=()):
    return services.import_plan(
        parsed=ParsedPlan.from_dict(contract(extra_co), text=TEXT),
        office=office(),
        user=user or supervisor(),
        source_name="test.txt",
        source_bytes=source_bytes,
        source_type="txt",
    )


def make_published(user=None):
    plan = make_draft(user)
    calendar_from_document(plan=plan, user=user or supervisor())
    publish_plan(plan=plan, user=user or supervisor())
    plan.refresh_from_db()
    return plan


def task_a(plan):
    return plan.tasks.get(key="(一)")


def task_b(plan):
    return plan.tasks.get(key="(二)")


# --- permission-matrix kwargs: w is tests.permissions.World ---------------------------


def _ready(w):
    w.persona("supervisor")  # the builder acts as the office's supervisor


def draft_pk(w):
    _ready(w)
    return {"pk": make_draft().pk}


def draft_with_source_pk(w):
    _ready(w)
    settings = w.fixture("settings")
    settings.MEDIA_ROOT = w.fixture("tmp_path")
    return {"pk": make_draft(source_bytes=TEXT.encode()).pk}


def published_pk(w):
    _ready(w)
    return {"pk": make_published().pk}


def draft_task_pk(w):
    _ready(w)
    return {"pk": task_a(make_draft()).pk}


def published_task_a_pk(w):
    _ready(w)
    return {"pk": task_a(make_published()).pk}


def published_task_b_pk(w):
    _ready(w)
    return {"pk": task_b(make_published()).pk}


def draft_target_pk(w):
    _ready(w)
    return {"pk": task_a(make_draft()).targets.get().pk}


def draft_mention_pk(w):
    _ready(w)
    return {"pk": task_a(make_draft()).mentions.get(role="lead").pk}


def labelled_mention_pk(w):
    """A draft mention read under a label the office has not taught (落实主体): its
    role was changed, so the review page offers the label."""
    _ready(w)
    mention = task_a(make_draft()).mentions.get(role="lead")
    mention.source_label = "落实主体"
    mention.save()
    return {"pk": mention.pk}


def unknown_mention_pk(w):
    _ready(w)
    return {"pk": task_a(make_draft(extra_co=["州某某局"])).mentions.get(name="州某某局").pk}


def fgw_notice_pk(w):
    _ready(w)
    plan = make_published()
    return {"pk": Notice.objects.get(plan=plan, unit__name="州发改委").pk}


def paste_data(w):
    return {"text": TEXT}

"""A published plan shaped like the seed's task (四) 全力推动稳增长, built with the
plans services: five lead units (州发改委 principal, 州人社局 a second lead),
co-units including 各市、县人民政府 (so 格尔木市人民政府 comes through a collective
group), and two targets: 城镇新增就业 ≥ 13000 人, 失业率 ≤ 3.5 %."""

import datetime as dt

import pytest

from duban.accounts.services import create_account
from duban.docparse import ParsedPlan
from duban.plans.services import import_plan
from duban.reports.calendar import generate_periods
from duban.reports.publishing import publish_plan
from tests.personas import PASSWORD

TEXT = (
    "(四)全力推动稳增长。确保全年城镇新增就业1.3万人,失业率控制在3.5%以内。"
    "(牵头单位:州发改委、州工信局、州人社局、州商务局、州文体旅游广电局,"
    "责任单位:州农牧局、州审计局、州金融办、州税务局、各市、县人民政府,大柴旦行委)\n"
    "(五)扎实做好宣传。(牵头单位:州发改委)\n"
)


def _contract():
    jobs = "确保全年城镇新增就业1.3万人"
    rate = "失业率控制在3.5%以内"
    return {
        "meta": {
            "title": "关于在全州开展“收好官,开好局”专项行动实施方案的通知",
            "doc_number": "西政办〔2020〕91号",
            "published": "2020-10-30",
            "plan_title": "关于在全州开展“收好官,开好局”专项行动实施方案",
        },
        "reporting": {
            "deadline": "2020-12-21",
            "to": "州政府办公室",
            "channel": "“710”政务督办系统",
        },
        "tasks": [
            {
                "key": "二.(四)",
                "title": "全力推动稳增长",
                "lead_units": ["州发改委", "州工信局", "州人社局", "州商务局", "州文体旅游广电局"],
                "co_units": [
                    "州农牧局",
                    "州审计局",
                    "州金融办",
                    "州税务局",
                    "各市、县人民政府",
                    "大柴旦行委",
                ],
                "span": [0, TEXT.index("\n")],
                "indicators": [
                    {
                        "name": "城镇新增就业",
                        "op": ">=",
                        "value": 13000,
                        "unit": "人",
                        "raw": "1.3万人",
                        "text": jobs,
                        "span": [TEXT.index(jobs), TEXT.index(jobs) + len(jobs)],
                    },
                    {
                        "name": "失业率",
                        "op": "<=",
                        "value": 3.5,
                        "unit": "%",
                        "raw": "3.5%",
                        "text": rate,
                        "span": [TEXT.index(rate), TEXT.index(rate) + len(rate)],
                    },
                ],
            },
            {
                "key": "二.(五)",
                "title": "扎实做好宣传",
                "lead_units": ["州发改委"],
                "co_units": [],
                "span": [TEXT.index("(五)"), len(TEXT) - 1],
                "indicators": [],
            },
        ],
    }


@pytest.fixture
def plan(directory, office, supervisor):
    plan = import_plan(
        parsed=ParsedPlan.from_dict(_contract(), text=TEXT), office=office, user=supervisor
    )
    # Publishing needs a calendar: the one the `calendar` fixture sets again.
    generate_periods(plan=plan, user=supervisor, cadence="month", co_lead_days=3)
    return publish_plan(plan=plan, user=supervisor)


@pytest.fixture
def calendar(plan, supervisor):
    """Monthly from the document's date to its reporting deadline: 11月
    (10-30…11-30, co-units due 11-27) and the final report (12-01…12-21, co 12-18)."""
    return generate_periods(plan=plan, user=supervisor, cadence="month", co_lead_days=3)


@pytest.fixture
def task(plan):
    return plan.tasks.get(key="二.(四)")


@pytest.fixture
def jobs(task):
    return task.targets.get(name="城镇新增就业")


@pytest.fixture
def rate(task):
    return task.targets.get(name="失业率")


def _account(directory, username, unit, role):
    return create_account(
        username=username, password=PASSWORD, role=role, unit=directory[unit], display_name=username
    )


@pytest.fixture
def gxj_officer(directory):
    """州工信局: a lead unit that is not the principal."""
    return _account(directory, "gxj_tianbao", "州工信局", "officer")


@pytest.fixture
def rsj_head(directory):
    return _account(directory, "rsj_fuze", "州人社局", "head")


@pytest.fixture
def golmud_head(directory):
    return _account(directory, "gem_fuze", "格尔木市人民政府", "head")


@pytest.fixture
def stranger(directory):
    """An officer of a unit with no share in the task."""
    return _account(directory, "jyj_tianbao", "州教育局", "officer")


@pytest.fixture
def other_supervisor(directory):
    """A supervisor of another office."""
    return _account(directory, "other_ducha", "州发改委", "supervisor")


FROZEN = dt.date(2020, 11, 20)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Argon2 takes most of a second per account by design; these tests make a
    dozen accounts each and never test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""The office's light override on the task page, through the test client on
a real database: set with a reason, clear back to the computed light, the
reason is required, and leaders see the override but cannot change it."""

from django.urls import reverse

from duban.plans.models import Task


def _task_page(client, task):
    return client.get(reverse("supervision:task", args=[task.pk]))


def _override(client, task, light, reason):
    return client.post(
        reverse("supervision:override", args=[task.pk]),
        {"light": light, "reason": reason},
        follow=True,
    )


def test_supervisor_sets_red_with_a_reason(client_for, supervisor, task, calendar):
    client = client_for(supervisor)
    assert 'id="override-form"' in _task_page(client, task).content.decode()
    response = _override(client, task, "red", "牵头单位连续两期未报送")
    assert response.redirect_chain[-1][0] == reverse("supervision:task", args=[task.pk])
    assert response.context["light"].light == "red"
    html = response.content.decode()
    assert "红灯(指定)" in html
    assert "督查室指定状态灯,理由:牵头单位连续两期未报送" in html
    assert "已指定状态灯为红灯。" in html
    task.refresh_from_db()
    assert (task.light_override, task.light_override_reason) == ("red", "牵头单位连续两期未报送")
    last = task.history.first()
    assert last.history_user == supervisor
    assert last.history_change_reason == "牵头单位连续两期未报送"


def test_clearing_restores_the_computed_light(client_for, supervisor, task, calendar):
    client = client_for(supervisor)
    computed = _task_page(client, task).context["light"].computed
    other = "blue" if computed != "blue" else "green"
    _override(client, task, other, "已提前完成")
    assert _task_page(client, task).context["light"].light == other
    response = _override(client, task, "", "核实后按规则判断")
    light = response.context["light"]
    assert light.light == computed and light.override == ""
    assert "(指定)" not in response.content.decode()
    task.refresh_from_db()
    assert task.light_override == "" and task.light_override_reason == ""
    assert task.history.first().history_change_reason == "核实后按规则判断"


def test_empty_reason_is_refused_and_nothing_changes(client_for, supervisor, task, calendar):
    before = Task.objects.get(pk=task.pk)
    history = task.history.count()
    response = _override(client_for(supervisor), task, "red", "   ")
    assert "请填写理由,状态灯未作改动。" in response.content.decode()
    after = Task.objects.get(pk=task.pk)
    assert (after.light_override, after.version) == (before.light_override, before.version)
    assert task.history.count() == history


def test_leader_sees_the_override_but_cannot_change_it(
    client_for, leader, supervisor, task, calendar
):
    _override(client_for(supervisor), task, "yellow", "需加快进度")
    client = client_for(leader)
    html = _task_page(client, task).content.decode()
    assert "黄灯(指定)" in html and "需加快进度" in html
    assert 'id="override-form"' not in html
    assert reverse("supervision:override", args=[task.pk]) not in html
    response = client.post(
        reverse("supervision:override", args=[task.pk]), {"light": "red", "reason": "x"}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.light_override == "yellow"

"""`duban worker --once`: enqueues a ladder run on the django-tasks database
queue and works it off."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from duban.items.services import assign_item
from duban.reminders.models import Digest, Message


@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_the_ladder_through_the_task_queue(supervisor, fgw_officer, directory):
    assign_item(
        user=supervisor,
        title="明日到期事项",
        lead_unit=directory["州发改委"],
        due_date=timezone.localdate() + dt.timedelta(days=1),
        now=timezone.now(),
    )
    call_command("worker", "--once", "--worker-id", "test-worker", stdout=io.StringIO())
    [result] = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["messages"] == 1
    assert Message.objects.get().status == "sent"
    assert Digest.objects.get().recipient == fgw_officer
    call_command("worker", "--once", "--worker-id", "test-worker", stdout=io.StringIO())
    assert Message.objects.count() == 1 and Digest.objects.count() == 1

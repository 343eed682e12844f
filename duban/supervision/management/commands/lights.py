"""`duban lights PLAN [--on YYYY-MM-DD]`: each task's light, counts by light,
the on-time rate and the overdue list of a plan on a date."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.plans.models import Plan
from duban.supervision.lights import plan_summary


class Command(BaseCommand):
    help = "计划的序时进度状态灯、按期报送率和逾期清单。"

    def add_arguments(self, parser):
        parser.add_argument("plan", type=int)
        parser.add_argument("--on", default="")

    def handle(self, *args, plan, on, **opts):
        try:
            the_plan = Plan.objects.get(pk=plan)
        except Plan.DoesNotExist:
            raise CommandError(f"没有这个计划:{plan}") from None
        try:
            day = dt.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        summary = plan_summary(the_plan, day)
        titles = dict(the_plan.tasks.values_list("pk", "title"))
        keys = dict(the_plan.tasks.values_list("pk", "key"))
        for task_id, light in summary["tasks"].items():
            note = f"(指定:{light.override_reason})" if light.override else ""
            self.stdout.write(f"{keys[task_id]}\t{titles[task_id]}\t{light.light.value}{note}")
        self.stdout.write(" ".join(f"{k}={v}" for k, v in summary["counts"].items()))
        rate = summary["timeliness"]["rate"]
        self.stdout.write(
            "按期报送率 "
            + (f"{float(rate):.0%}" if rate is not None else "—")
            + f"({summary['timeliness']['on_time']}/{summary['timeliness']['due']})"
        )
        for r in summary["overdue"]:
            self.stdout.write(f"逾期\t{r.period.label}\t{r.task.key}\t{r.unit.name}\t应报 {r.due}")

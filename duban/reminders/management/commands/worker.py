"""`duban worker`: the background worker. Every `--interval` seconds it enqueues
one ladder run (reminders.tasks.supervise); every `--poll` seconds it works off the
django-tasks database queue — the ladder run and anything else queued, such as a
scan waiting for OCR, which a person watches on a progress bar — like
`db_worker --batch`. On each ladder run it also fails the OCR jobs whose worker
stopped mid-way (ocr.services.fail_stalled). Several workers may run at once: each message is still sent once."""

import logging
import os
import socket
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from duban.ocr.services import fail_stalled
from duban.reminders.tasks import supervise

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "后台进程:定时运行提醒与催办,并处理后台任务队列。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="两次运行的间隔(秒)")
        parser.add_argument("--poll", type=float, default=2.0, help="查看后台任务队列的间隔(秒)")
        parser.add_argument("--once", action="store_true", help="只运行一轮后退出")
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}-{os.getpid()}")

    def handle(self, *args, **options):
        worker_id = options["worker_id"][:64]
        # Each queue pass starts and ends a db_worker, which says so at INFO: every
        # couple of seconds that is noise; the tasks' own lines (django_tasks) stay.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        last_ladder = None
        while True:
            close_old_connections()
            if last_ladder is None or time.monotonic() - last_ladder >= options["interval"]:
                supervise.enqueue(timezone.now().isoformat(), worker_id)
                last_ladder = time.monotonic()
                # An OCR job left running by a worker that died (this one's predecessor,
                # a killed process) is failed, retryable, instead of spinning forever.
                fail_stalled()
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            ).run()
            if options["once"]:
                return
            time.sleep(min(options["poll"], options["interval"]))

"""Scans for the OCR job tests, and the worker that runs queued jobs in-process
(django-tasks' own database worker, in batch mode: it stops when the queue is empty)."""

from __future__ import annotations

from functools import cache

from django_tasks_db.management.commands.db_worker import Worker

from tests.docparse import makedocs

NOTICE = (
    "关于做好四季度重点工作的通知\n"
    "各市、县人民政府,州政府各部门:\n"
    "一、重点任务\n"
    "(一)稳定就业。确保全年城镇新增就业1.3万人。(牵头单位:州人社局;责任单位:州财政局)\n"
    "(二)扩大投资。重点项目完成投资52.1亿元。(牵头单位:州发改委;责任单位:州财政局)\n"
    "请各单位于2020年12月21日前将落实情况报州政府办公室。\n"
)


FILLER = "".join(
    f"{n}.全面落实各项工作措施,加强统筹协调,强化督促检查,确保各项任务按期完成。\n"
    for n in range(1, 16)
)


@cache
def two_page_scan() -> bytes:
    """NOTICE with enough text after it for a second page, scanned at 150 dpi."""
    return makedocs.make_scanned_pdf(NOTICE + "二、工作要求\n" + FILLER)


@cache
def scanned_notice() -> bytes:
    """NOTICE as a one-page image-only PDF at 150 dpi."""
    return makedocs.make_scanned_pdf(NOTICE)


def run_worker() -> None:
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()

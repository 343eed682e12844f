"""An uploaded scan waiting for, or going through, OCR."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OcrJob(models.Model):
    """One scanned document (an image-only PDF or page images) read in the
    background. Contract:
    - `status` moves queued → running → done | failed, only forward
      (services.run_job), except that a failed job that may be retried goes back
      to queued with the next `attempt` (services.retry_job); `pages_done` never
      exceeds `pages_total`;
    - a running job's worker saves `heartbeat_at` when it starts and after every
      page; a running job whose heartbeat is older than DUBAN_OCR_STALL_SECONDS
      lost its worker and is failed as stalled (services.fail_stalled), retryable;
      the worker of an attempt that is no longer current stops and stores nothing;
    - the uploaded bytes live here until the job ends and are dropped then: a done
      job's file is kept with its plan (plans' source_file); a failed job keeps
      them only while it is `retryable` (a stopped worker, a system error) —
      one whose file cannot be read keeps nothing but its name and the reason;
    - `plan` is set exactly when status is done; nothing is imported half-way;
    - `ocr_lines` (done jobs) lists the lines read from images with their place in
      the plan's text and confidence: [start, end, confidence, low] each;
    - only the office that uploaded it sees it (its supervisors)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("识别中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    office = models.ForeignKey(
        "units.Unit", verbose_name=_("主办单位"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    source_name = models.CharField(_("原文件名"), max_length=255)
    source_bytes = models.BinaryField(_("文件内容"), null=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    pages_total = models.PositiveIntegerField(_("页数"), default=0)
    pages_done = models.PositiveIntegerField(_("已识别页数"), default=0)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("计划"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ocr_job",
    )
    ocr_lines = models.JSONField(_("识别行"), default=list, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("最近进展时间"), null=True, blank=True)
    attempt = models.PositiveIntegerField(_("第几次识别"), default=1)
    retryable = models.BooleanField(_("可重试"), default=False)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("扫描件识别任务")
        verbose_name_plural = _("扫描件识别任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.source_name

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED and self.retryable

    @property
    def percent(self) -> int:
        return round(100 * self.pages_done / self.pages_total) if self.pages_total else 0

    def low_lines(self, text: str) -> list[dict]:
        """The plan text's lines OCR read with low confidence: start, end, text,
        confidence — what the review page lists under 待核对."""
        return [
            {"start": a, "end": b, "text": text[a:b], "confidence": conf}
            for a, b, conf, low in self.ocr_lines
            if low and 0 <= a < b <= len(text)
        ]

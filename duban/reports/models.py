"""Reports: the reporting calendar of a plan, each unit's report per task and
period, its kept versions, target values, attachments and the audit log.

The chain: a co-unit (or a non-principal lead unit) reports to the task's
principal lead unit; the principal lead consolidates every delivered input with
its own report and submits it to the office; the office accepts it or returns
it to its author. Status changes follow `services.TRANSITIONS` only.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.access import Scope, ScopedQuerySet
from duban.audit.models import ChainedEntry, ChainedHistoricalRecords
from duban.plans.models import Assignment


class Cadence(models.TextChoices):
    DEKAD = "dekad", _("每旬")
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季")
    DATES = "dates", _("指定日期")


class ReportingCalendar(models.Model):
    """How often a plan's units report and by when.

    Contract: one per plan; `final_deadline` comes from the document's reporting
    clause (Plan.report_deadline) unless the office sets another; co-units' due
    date is `co_lead_days` days before the lead unit's so the lead can
    consolidate; `require_sign_off` makes the unit head's sign-off a step
    before a report leaves its unit."""

    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("计划"),
        on_delete=models.CASCADE,
        related_name="reporting_calendar",
    )
    cadence = models.CharField(
        _("报送频次"), max_length=10, choices=Cadence.choices, default=Cadence.MONTH
    )
    dates = models.JSONField(_("指定报送日期"), default=list, blank=True)
    start = models.DateField(_("起始日期"))
    final_deadline = models.DateField(_("最终报送截止日期"))
    co_lead_days = models.PositiveSmallIntegerField(_("配合单位提前天数"), default=3)
    require_sign_off = models.BooleanField(_("需单位负责人审核"), default=False)
    history = ChainedHistoricalRecords()

    class Meta:
        verbose_name = _("报送日历")
        verbose_name_plural = _("报送日历")

    def __str__(self):
        return str(self.plan)


class ReportingPeriod(models.Model):
    """One reporting period of a plan.

    Contract: `start` ≤ `co_due_date` ≤ `due_date`; the lead units' reports are
    due on `due_date`, the co-units' on `co_due_date`; exactly one period of a
    plan is final (its due date is the final deadline)."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("计划"), on_delete=models.CASCADE, related_name="periods"
    )
    label = models.CharField(_("期次"), max_length=100)
    start = models.DateField(_("开始日期"))
    due_date = models.DateField(_("报送截止日期"))
    co_due_date = models.DateField(_("配合单位报送截止日期"))
    is_final = models.BooleanField(_("最终报告"), default=False)

    class Meta:
        verbose_name = _("报送期次")
        verbose_name_plural = _("报送期次")
        ordering = ["plan", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "due_date"], name="reports_period_plan_due"),
        ]

    def __str__(self):
        return self.label


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    SIGNED = "signed", _("负责人已审核")
    CONSOLIDATED = "consolidated", _("已汇总报送")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


class Role(models.TextChoices):
    PRINCIPAL = "principal", _("主办牵头单位")
    LEAD = "lead", _("牵头单位")
    CO = "co", _("责任单位")


class Timeliness(models.TextChoices):
    """Where a report stands against its due date; every report is exactly one."""

    ON_TIME = "on_time", _("按时报送")
    LATE = "late", _("逾期报送")
    OVERDUE = "overdue", _("逾期未报")
    NOT_DUE = "not_due", _("未到期")


def _principal_lead_of(prefix: str):
    """The unit is the task's principal lead unit (it reads the task's inputs
    once they are sent). An EXISTS, not a join: joined, every report came back
    once per assignment of its task (~20) and the DISTINCT that folded them
    again sorted every wide row — most of a task's reports list's time in
    PostgreSQL."""
    return lambda unit_id: models.Q(
        models.Exists(
            Assignment.objects.filter(
                task_id=models.OuterRef(f"{prefix}task_id"), unit_id=unit_id, is_principal=True
            )
        )
    )


class ReportQuerySet(ScopedQuerySet):
    """Reports `user` may read (see Report's contract); the rules in rules.py
    say the same for one object."""

    scope = Scope(
        office="task__plan__office_id",
        units=(_principal_lead_of(""),),
        author="unit_id",
        published=models.Q(delivered_at__isnull=False),
        units_within=models.Q(task__plan__status__in=("published", "closed")),
    )


class Report(models.Model):
    """A unit's report on one task for one period.

    Contract:
    - one per (task, unit, period); `role` is the unit's role in the task when
      the report was opened (principal lead, other lead, co-unit);
    - its unit's officers and heads write and read it; once it has left the
      unit (`delivered_at`) the task's principal lead unit and the office's
      supervisors and leaders read it too; nobody else does;
    - `status` is the current state, moved only by `services.TRANSITIONS`;
      `current_version` is the version being written or the last one sent;
    - `lock_version` grows with every save and transition: a save that names an
      older lock version is refused (two people editing one draft);
    - `delivered_at` is the first time the report left its unit (for the
      principal lead: reached the office), for the on-time rate."""

    task = models.ForeignKey(
        "plans.Task", verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("期次"), on_delete=models.CASCADE, related_name="reports"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    current_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("当前版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lock_version = models.PositiveIntegerField(_("编辑版本号"), default=0)
    delivered_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    history = ChainedHistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["period__due_date", "task__order", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period"], name="reports_report_task_unit_period"
            ),
        ]
        indexes = [
            models.Index(fields=["task", "period", "role"]),
            # 待审核 (queue.review_queue): the reports waiting for the office,
            # found from their current version, which the queue sorts by.
            models.Index(
                fields=["current_version", "task"],
                name="reports_report_review_queue",
                condition=models.Q(
                    status="consolidated", role="principal", delivered_at__isnull=False
                ),
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.task} {self.unit}"

    @property
    def due_date(self):
        """The date this report is due: co-units and other leads report before
        the principal lead so it can consolidate."""
        if self.role == Role.PRINCIPAL:
            return self.period.due_date
        return self.period.co_due_date

    @property
    def is_editable(self):
        return self.status in (Status.DRAFT, Status.RETURNED)

    def timeliness_on(self, on) -> Timeliness:
        """On time / late (逾期报送: sent after the due date, kept once accepted) /
        overdue (逾期未报) / not due, on date `on`; the due date itself is on time.
        The same rule as `supervision.lights.timeliness` applies in SQL."""
        if self.delivered_at is not None:
            sent = timezone.localdate(self.delivered_at)
            return Timeliness.ON_TIME if sent <= self.due_date else Timeliness.LATE
        return Timeliness.OVERDUE if self.due_date < on else Timeliness.NOT_DUE

    @property
    def timeliness(self) -> Timeliness:
        """`timeliness_on` today (for pages)."""
        return self.timeliness_on(timezone.localdate())


def sent_q(via: str = "", *, returned: bool = True) -> models.Q:
    """A version has left its unit (was sent): the principal lead's once it is
    consolidated (it reached the office), another unit's once submitted — or
    signed, when the plan asks for the head's sign-off. A returned version had
    been sent; `returned=False` leaves out what the office sent back (the
    written report and the ledger use only what stands). The same states as
    `services._delivered_statuses`. `via`: the lookup path to the version from
    the model queried ("version__" from a TargetValue), so a query over
    thousands of rows filters on it in SQL, never per row."""
    sign_off = models.Q(**{f"{via}report__task__plan__reporting_calendar__require_sign_off": True})
    by_any = (Status.CONSOLIDATED, Status.ACCEPTED) + ((Status.RETURNED,) if returned else ())
    input_sent = models.Q(**{f"{via}status": Status.SIGNED}) | (
        models.Q(**{f"{via}status": Status.SUBMITTED}) & ~sign_off
    )
    return models.Q(**{f"{via}status__in": by_any}) | (
        ~models.Q(**{f"{via}report__role": Role.PRINCIPAL}) & input_sent
    )


class ReportVersionQuerySet(ScopedQuerySet):
    """Versions `user` may read: its unit reads every version, including the
    one it is writing; everybody else who reads the report reads only the
    versions that left the unit (an unsent revision is the unit's own)."""

    scope = Scope(
        office="report__task__plan__office_id",
        units=(_principal_lead_of("report__"),),
        author="report__unit_id",
        published=sent_q(),
        units_within=models.Q(report__task__plan__status__in=("published", "closed")),
    )

    def sent(self, *, returned=True):
        """Versions that left their unit, whoever asks (`sent_q`)."""
        return self.filter(sent_q(returned=returned))

    def shown(self, report, user):
        """The version of `report` that `user` reads: the unit its current
        one, everybody else the last one sent (None when none was)."""
        return self.visible_to(user).filter(report=report).order_by("-number").first()

    def shown_for(self, reports, user):
        """`shown` for several reports in one query: {report id: version}
        (a report with no version `user` may read is left out). Prefetches
        asked for on this queryset apply to the versions returned."""
        shown = {}
        versions = self.visible_to(user).filter(report__in=[r.pk for r in reports])
        for version in versions.order_by("report_id", "number"):  # the last one wins
            shown[version.report_id] = version
        return shown


class AttachmentQuerySet(ScopedQuerySet):
    """An attachment is read by whoever reads its version."""

    scope = "version"


class ReportVersion(models.Model):
    """One version of a report. A version's text is written while it is a
    draft and never changes once sent; a returned report is revised in a new
    version, so every version sent stays as it was.

    Contract: `number` counts from 1 per report; `status` is the version's own
    state (a returned version stays "returned"); `inputs` are the delivered
    versions of the other units that a consolidated version included;
    `comment` is the reviewer's comment when it was returned or accepted."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    narrative = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下一步措施"), blank=True)
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    comment = models.TextField(_("审阅意见"), blank=True)
    inputs = models.ManyToManyField(
        "self", verbose_name=_("汇总的报告"), symmetrical=False, blank=True, related_name="+"
    )
    history = ChainedHistoricalRecords()

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reports_version_number"),
        ]
        # 待审核 lists the reports longest waiting first: versions in the order sent.
        indexes = [models.Index(fields=["submitted_at", "id"], name="reports_version_sent")]

    def __str__(self):
        return f"{self.report} v{self.number}"


class TargetValue(models.Model):
    """A unit's own figure for one target, as of a date (格尔木's 1800人次 is
    格尔木's, and stays on 格尔木's report).

    Contract: at most one per (version, target); the figure is the reporting
    unit's own, never another unit's: the task's figure is a `TaskValue`.
    `source` is kept for versions written before figures were kept per unit."""

    version = models.ForeignKey(
        ReportVersion, verbose_name=_("报告版本"), on_delete=models.CASCADE, related_name="values"
    )
    target = models.ForeignKey(
        "plans.Target", verbose_name=_("指标"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("当前值"), max_digits=24, decimal_places=4)
    as_of = models.DateField(_("截至日期"))
    source = models.ForeignKey(
        "self",
        verbose_name=_("来源"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = ChainedHistoricalRecords()

    class Meta:
        verbose_name = _("指标完成值")
        verbose_name_plural = _("指标完成值")
        ordering = ["version", "target"]
        constraints = [
            models.UniqueConstraint(fields=["version", "target"], name="reports_value_once"),
        ]
        indexes = [models.Index(fields=["target", "as_of"])]

    def __str__(self):
        return f"{self.target}: {self.value}"


class TaskValue(models.Model):
    """The task's figure for one target as the principal lead unit sends it to
    the office with its consolidated version (what the lights measure once
    the office accepts the version).

    Contract: at most one per (version, target), only on principal versions;
    `proposed` is what the target's rule (`Target.combine`: sum of the units,
    the lead's own figure, or the latest) gave from the units' figures at
    sending, `value` the number the lead confirmed (the same unless it
    corrected it), `aggregation` the rule in force then; `parts` are the units'
    figures the proposal was made from, so the number traces back to them."""

    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("报告版本"),
        on_delete=models.CASCADE,
        related_name="task_values",
    )
    target = models.ForeignKey(
        "plans.Target",
        verbose_name=_("指标"),
        on_delete=models.CASCADE,
        related_name="task_values",
    )
    value = models.DecimalField(_("任务汇总值"), max_digits=24, decimal_places=4)
    proposed = models.DecimalField(
        _("按规则汇总值"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    aggregation = models.CharField(_("汇总方式"), max_length=10, blank=True)
    as_of = models.DateField(_("截至日期"))
    parts = models.ManyToManyField(
        TargetValue, verbose_name=_("各单位数值"), blank=True, related_name="+"
    )
    history = ChainedHistoricalRecords()

    class Meta:
        verbose_name = _("任务指标汇总值")
        verbose_name_plural = _("任务指标汇总值")
        ordering = ["version", "target"]
        constraints = [
            models.UniqueConstraint(fields=["version", "target"], name="reports_taskvalue_once"),
        ]
        indexes = [models.Index(fields=["target", "as_of"])]

    def __str__(self):
        return f"{self.target}: {self.value}"


class PrivateStorage(FileSystemStorage):
    """Uploads under MEDIA_ROOT (followed even when settings change) with no
    URL: they are served only through a permission-checked view."""

    def url(self, name):
        raise ValueError("private file: serve it through a permission-checked view")


private_storage = PrivateStorage()


class Attachment(models.Model):
    """A file attached to a report version.

    Contract: `content_type` is sniffed from the file's bytes (pdf, docx, xlsx,
    png, jpeg), never taken from the browser; `size` ≤ DUBAN_MAX_UPLOAD_BYTES;
    `name` is the name the user gave, the stored file has a random name."""

    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("报告版本"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("文件"), upload_to="reports/%Y/%m/", storage=private_storage, max_length=500
    )
    name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["version", "id"]

    def __str__(self):
        return self.name


class ReviewComment(models.Model):
    """A reviewer's comment on a version (the office's, or the principal lead
    unit's on an input). Returning a report always leaves one."""

    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("报告版本"),
        on_delete=models.CASCADE,
        related_name="review_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审阅人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("意见"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审阅意见")
        verbose_name_plural = _("审阅意见")
        ordering = ["version", "created_at", "id"]

    def __str__(self):
        return self.body[:50]


class ReportEvent(ChainedEntry):
    """The audit log of the chain: one row per transition (who, when, from,
    to, comment). Rows are only ever added, and each is an entry of the audit
    chain (`duban.audit`): so its references are kept as they were written
    (no cascade, no SET NULL) even when the report, version or account goes."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("报告"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
    )
    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("报告版本"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
    )
    action = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=15, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=15, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Set before saving (not auto_now_add) because the entry's hash covers it.
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("报送记录")
        verbose_name_plural = _("报送记录")
        ordering = ["report", "at", "id"]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"

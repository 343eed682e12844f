"""交办事项: single items the office assigns outside plan documents (from a
领导批示 or a meeting's 议定事项), with the “710” classes, 签收, 延期申请 and
办结销号.

The “710” rule: 一般事项 7 days, 复杂事项 one month (results due), 年度事项 by
the year's end; `ItemClass.due_from` turns a class and an assignment date into
the due date.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.access import OFFICE, Scope, ScopedQuerySet
from duban.audit.models import ChainedHistoricalRecords


class ItemClass(models.TextChoices):
    GENERAL = "general", _("一般事项(7天)")
    COMPLEX = "complex", _("复杂事项(1个月)")
    ANNUAL = "annual", _("年度事项(年底)")

    @classmethod
    def due_from(cls, item_class: str, assigned: dt.date) -> dt.date:
        """The due date a “710” class gives an item assigned on `assigned`:
        7 days later; the same day next month (the month's last day when it has
        no such day); 31 December of the year."""
        if item_class == cls.GENERAL:
            return assigned + dt.timedelta(days=7)
        if item_class == cls.COMPLEX:
            year = assigned.year + (assigned.month // 12)
            month = assigned.month % 12 + 1
            day = min(assigned.day, calendar.monthrange(year, month)[1])
            return dt.date(year, month, day)
        if item_class == cls.ANNUAL:
            return dt.date(assigned.year, 12, 31)
        raise ValueError(f"unknown item class {item_class!r}")


class ItemQuerySet(ScopedQuerySet):
    """Items `user` may see: the office's supervisors and leaders see their
    office's; officers and heads the items their unit leads or shares."""

    scope = Scope(
        office="office_id", units=("lead_unit_id", "co_units"), author=OFFICE, distinct=True
    )

    def open(self):
        return self.exclude(status=Item.Status.CLOSED)


class Item(models.Model):
    """One 交办事项.

    Contract:
    - `office` owns it (its supervisors assign, decide extensions and close it);
      `lead_unit` answers for it, `co_units` help; they see it, the office's
      leaders read it; nobody else does.
    - `due_date` is the current due date; `original_due_date` never changes
      after assignment (an approved 延期 moves only `due_date`).
    - `status` moves only along `services.TRANSITIONS`; `acknowledged_at/by`
      record the 签收; `closed_at` and `closing_note` the 办结销号.
    - Closed on time ⇔ closed on or before the due date in force when it closed.
    """

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("已交办")
        ACKNOWLEDGED = "acknowledged", _("已签收")
        CLOSED = "closed", _("已办结")

    class Source(models.TextChoices):
        INSTRUCTION = "instruction", _("领导批示")
        MEETING = "meeting", _("会议议定事项")
        OTHER = "other", _("其他")

    office = models.ForeignKey(
        "units.Unit", verbose_name=_("交办单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("事项名称"), max_length=500)
    source = models.CharField(
        _("来源"), max_length=20, choices=Source.choices, default=Source.INSTRUCTION
    )
    source_detail = models.CharField(_("来源说明"), max_length=500, blank=True)
    requirement = models.TextField(_("办理要求"), blank=True)
    lead_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("牵头单位"),
        on_delete=models.PROTECT,
        related_name="items_led",
    )
    co_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("配合单位"), blank=True, related_name="items_shared"
    )
    item_class = models.CharField(
        _("事项类别"), max_length=10, choices=ItemClass.choices, blank=True
    )
    assigned_on = models.DateField(_("交办日期"))
    original_due_date = models.DateField(_("原定办结时限"))
    due_date = models.DateField(_("办结时限"))
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.ASSIGNED, db_index=True
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closing_note = models.CharField(_("办结说明"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = ChainedHistoricalRecords(m2m_fields=[co_units])

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED

    def closed_on_time(self) -> bool | None:
        """True/False once closed, None while open."""
        if self.closed_at is None:
            return None
        return timezone.localdate(self.closed_at) <= self.due_date


class Extension(models.Model):
    """A unit's 延期申请 for an item.

    Contract: at most one pending per item; `decision` is set once by the
    office's supervisor (approved → the item's due date becomes
    `requested_due_date`; refused → unchanged, `comment` says why)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("不同意")

    item = models.ForeignKey(
        Item, verbose_name=_("交办事项"), on_delete=models.CASCADE, related_name="extensions"
    )
    requested_due_date = models.DateField(_("申请延至"))
    reason = models.CharField(_("延期理由"), max_length=1000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decision = models.CharField(
        _("审批结果"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.CharField(_("审批意见"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    history = ChainedHistoricalRecords()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(decision="pending"),
                name="items_one_pending_extension",
            )
        ]

    def __str__(self):
        return f"{self.item} → {self.requested_due_date}"


class OrderQuerySet(ScopedQuerySet):
    """督办单 `user` may read: the office's staff, and the unit it is addressed
    to once signed (a draft stays in the office)."""

    scope = Scope(
        office="office_id",
        units=("unit_id",),
        author=OFFICE,
        published=~models.Q(status="draft"),
    )


class SupervisionOrder(models.Model):
    """督办单: the office's numbered formal notice to a unit about an overdue
    交办事项 or a plan task whose report is overdue.

    Contract: its subject is exactly one of `item` or `task` (a check
    constraint says so); the addressee `unit` is the item's lead unit, or one
    of the units assigned to the task. Drafted by a supervisor of the subject's
    office; a supervisor signs
    it off (签发), which gives it its number 督办〔year〕N号 (N counts per office
    and year, no gaps: numbers are given only at signing); the lead unit answers
    (回复) once; the office closes it (办结). Status moves only along
    `services.ORDER_TRANSITIONS`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已签发")
        ANSWERED = "answered", _("已回复")
        CLOSED = "closed", _("已办结")

    item = models.ForeignKey(
        Item,
        verbose_name=_("交办事项"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="orders",
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervision_orders",
    )
    office = models.ForeignKey(
        "units.Unit", verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("被督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    facts = models.TextField(_("基本情况"))
    requirement = models.TextField(_("督办要求"))
    reply_due = models.DateField(_("回复时限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("拟稿时间"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    reply = models.TextField(_("回复内容"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    closing_comment = models.CharField(_("办结意见"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    history = ChainedHistoricalRecords()

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-drafted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "sequence"], name="items_order_number_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(item__isnull=False, task__isnull=True)
                    | models.Q(item__isnull=True, task__isnull=False)
                ),
                name="items_order_one_subject",
            ),
        ]

    def __str__(self):
        return self.number or str(_("督办单(草稿)"))

    @property
    def subject_title(self) -> str:
        """What the order is about: the item's title, or the task's key and title."""
        return self.item.title if self.item_id else str(self.task)

    @property
    def number(self) -> str:
        if self.sequence is None:
            return ""
        return _("督办〔%(year)s〕%(n)s号") % {"year": self.year, "n": self.sequence}


class TaskClass(models.Model):
    """The “710” class of a plan task (一般/复杂/年度) and the due date it gives.

    Contract: at most one per task; set by a supervisor of the plan's office;
    `due_date` follows from the class and `counted_from` (the plan's
    publication day, else the day the class was set). The task itself keeps
    the deadline of its document; edits are audited."""

    task = models.OneToOneField(
        "plans.Task", verbose_name=_("任务"), on_delete=models.CASCADE, related_name="item_class"
    )
    item_class = models.CharField(_("事项类别"), max_length=10, choices=ItemClass.choices)
    counted_from = models.DateField(_("起算日期"))
    due_date = models.DateField(_("办结时限"))
    history = ChainedHistoricalRecords()

    class Meta:
        verbose_name = _("任务类别")
        verbose_name_plural = _("任务类别")

    def __str__(self):
        return f"{self.task} {self.get_item_class_display()}"

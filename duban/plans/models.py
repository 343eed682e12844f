"""Plans, their tasks, targets and unit mentions; assignments and notices.

A Plan is imported from an official document as a draft, reviewed and corrected by
the office's supervisors, then published: publishing creates one Assignment per
(task, unit) and a Notice per unit. Every span (`span_start`, `span_end`) is a
`[start, end)` offset into `Plan.text`, so each item can be shown in the sentence
it came from.

Editable objects carry a `version` integer: an edit form sends the version it was
rendered from and the service refuses a save whose version is stale.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duban.access import SUPERVISORS, Scope, ScopedQuerySet
from duban.audit.models import ChainedHistoricalRecords
from duban.core.amounts import RATE_UNITS, SCALES, Measure
from duban.core.lights import Light

_CELL_REF = re.compile(r"^(?P<sheet>.+)!(?P<column>[A-Z]{1,3})(?P<row>[0-9]+)$")


def source_cell_label(ref: str) -> str:
    """Where in a spreadsheet an item came from, as the review page says it:
    "任务分解!B7" → 来源:工作表“任务分解”第7行 B列 ("" without a cell)."""
    match = _CELL_REF.match(ref or "")
    if not match:
        return ""
    return _("来源:工作表“%(sheet)s”第%(row)s行 %(column)s列") % match.groupdict()


def source_cell_field():
    # "工作表!B7" (docparse's Cell.ref) of an item imported from a spreadsheet. Set once
    # by the import and never edited, so it stays out of the audit history: adding a
    # column to a history table would change the hash of every entry already chained.
    return models.CharField(_("来源单元格"), max_length=64, blank=True, editable=False)


# Units and the office's leaders see a plan once it is published (or closed).
_PUBLISHED_STATUSES = ("published", "closed")


class PlanQuerySet(ScopedQuerySet):
    """Plans `user` may see (see Plan's contract)."""

    scope = Scope(
        office="office_id",
        units=("tasks__assignments__unit_id",),
        author=SUPERVISORS,
        published=models.Q(status__in=_PUBLISHED_STATUSES),
        admin_reads=True,
        distinct=True,
    )


class Plan(models.Model):
    """An action plan announced by one official document.

    Contract:
    - `office` is the unit (the government office) that owns the plan; its
      supervisors import, edit and publish it, its leaders read it.
    - Units (officers, heads) see a plan only once it is published (or closed), and
      only when one of its tasks is assigned to their unit.
    - The office's leaders read its published (and closed) plans, never drafts.
    - Admins may read every plan; nobody but the office's supervisors changes one.
    - Status moves only along `TRANSITIONS` (draft → published → closed).
    - `text` is the normalised document text; every span of the plan's tasks,
      targets and subtasks indexes into it.
    - `source_file` is stored under MEDIA_ROOT/plans/ and never served directly.
    - `date_shift_years` ≠ 0 only for a demo: the plan's dates (its document
      date, reporting deadline, tasks' and targets' deadlines) are the
      document's moved by that many whole years; `text` keeps the original, and
      the plan page says so.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已办结")

    # The one place that says which status changes are allowed.
    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.CLOSED},
        Status.CLOSED: set(),
    }
    VISIBLE_TO_UNITS = (Status.PUBLISHED, Status.CLOSED)  # = _PUBLISHED_STATUSES

    office = models.ForeignKey(
        "units.Unit",
        # The office that owns the plan (not a task's principal unit, also 主办单位 in Chinese).
        verbose_name=pgettext_lazy("plan owner", "主办单位"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    title = models.CharField(_("文件标题"), max_length=500)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    index_number = models.CharField(_("索引号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    published = models.DateField(_("成文日期"), null=True, blank=True)
    plan_title = models.CharField(_("方案名称"), max_length=500, blank=True)
    addressees = models.JSONField(_("主送单位"), default=list, blank=True)
    text = models.TextField(_("文件正文"), blank=True)
    source_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    source_file = models.FileField(
        _("原文件"), upload_to="plans/%Y/%m/", blank=True, max_length=500
    )
    source_type = models.CharField(_("原文件类型"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    report_deadline = models.DateField(_("报送截止日期"), null=True, blank=True)
    report_to = models.CharField(_("报送对象"), max_length=200, blank=True)
    report_channel = models.CharField(_("报送渠道"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="plans_created",
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    date_shift_years = models.SmallIntegerField(
        _("日期平移年数"),
        default=0,
        help_text=_("演示用:计划的日期比原文推后的整年数(原文不变)。"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = ChainedHistoricalRecords()

    objects = PlanQuerySet.as_manager()
    # The change record shows what a clerk edits, not the whole document text.
    AUDIT_HIDDEN = ("text", "version")

    class Meta:
        verbose_name = _("计划")
        verbose_name_plural = _("计划")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.plan_title or self.title

    @property
    def name(self):
        """The name shown to people: the plan's own title, else the document's."""
        return self.plan_title or self.title

    def can_transition(self, to):
        return to in self.TRANSITIONS.get(self.status, set())

    @property
    def is_editable(self):
        """Only a draft's content is corrected; a published plan keeps what units received."""
        return self.status == self.Status.DRAFT


class TaskQuerySet(ScopedQuerySet):
    """Tasks `user` may see (see Task's contract)."""

    scope = Scope(
        office="plan__office_id",
        units=("assignments__unit_id",),
        author=SUPERVISORS,
        published=models.Q(plan__status__in=_PUBLISHED_STATUSES),
        admin_reads=True,
        distinct=True,
    )


class Task(models.Model):
    """One assigned work item of a plan (in the seed: the key works (一)…(九)).

    Contract: tasks of a published plan are visible to the units assigned to
    them (lead or co) and to the office; `subtasks` is a list of
    {"key", "title", "span": [start, end]}; `light_override` (with a reason) is a
    supervisor's override of the computed status light.
    """

    # The lights come from their one declaration (duban.core.lights); "" = no override.
    LIGHT_OVERRIDE_CHOICES = [("", _("不覆盖")), *((x.value, _(x.label)) for x in Light)]

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    key = models.CharField(_("编号"), max_length=100, blank=True)
    group = models.CharField(_("所属部分"), max_length=300, blank=True)
    title = models.CharField(_("任务名称"), max_length=500)
    span_start = models.PositiveIntegerField(_("原文起点"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("原文终点"), null=True, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    subtasks = models.JSONField(_("子任务"), default=list, blank=True)
    leaders = models.JSONField(_("责任领导"), default=list, blank=True)
    # What the parser was unsure of (docparse's DOUBTS codes): the review page lists
    # these tasks first under 待核对, each with its reason.
    doubts = models.JSONField(_("待核对原因"), default=list, blank=True)
    source_cell = source_cell_field()
    light_override = models.CharField(
        _("指定状态灯"),
        max_length=10,
        choices=LIGHT_OVERRIDE_CHOICES,
        blank=True,
        default="",
    )
    light_override_reason = models.CharField(_("指定理由"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = ChainedHistoricalRecords(excluded_fields=["source_cell"])

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "order", "id"]
        # The API pages through tasks by this key (keyset paging): page 2,000
        # reads its 50 rows from here like page 1.
        indexes = [models.Index(fields=["plan", "order", "id"], name="plans_task_paging")]

    def __str__(self):
        return f"{self.key} {self.title}".strip()

    @property
    def lead_mentions(self):
        return [m for m in self.mentions.all() if m.role == UnitMention.Role.LEAD]

    @property
    def co_mentions(self):
        return [m for m in self.mentions.all() if m.role == UnitMention.Role.CO]

    @property
    def source_excerpt(self):
        """The document text the task came from ('' when it has no span)."""
        if self.span_start is None or self.span_end is None:
            return ""
        return self.plan.text[self.span_start : self.span_end]

    @property
    def source_cell_label(self) -> str:
        return source_cell_label(self.source_cell)


class Target(models.Model):
    """A quantitative target of a task ("失业率控制在3.5%以内": 失业率 <= 3.5 %).

    Contract: `value`/`value_max` are in base units (1.3万人 → 13000 "人") and
    shown and typed in `scale`, the magnitude the document wrote (`measure`);
    `op` is one of Op; `turn_positive` and `zero` carry no value; `between`
    carries both `value` and `value_max`. `baseline` is the starting value used
    for pace (序时进度), null until known.

    Each unit reports its own figure for the target; `aggregation` says how
    those make the task's figure (`combine`): the sum of every unit's figure
    (a target the document sets for 各县市/各地), the principal lead unit's own
    figure (a prefecture total: the default), or the latest figure reported.
    """

    class Aggregation(models.TextChoices):
        SUM = "sum", _("各单位合计")
        LEAD = "lead", _("以牵头单位数为准")
        LATEST = "latest", _("以最新报送数为准")

    # Words that make a target a sum over the units' areas (各县市 …).
    SUM_WORDS = ("各县市", "各市县", "各市、县", "各地区", "各地", "各县", "各乡镇", "各州")

    class Op(models.TextChoices):
        GE = ">=", _("不低于")
        LE = "<=", _("不超过")
        EQ = "=", _("等于")
        APPROX = "≈", _("左右")
        BETWEEN = "between", _("区间")
        TURN_POSITIVE = "turn_positive", _("由负转正")
        ZERO = "zero", _("清零")

    VALUELESS_OPS = (Op.TURN_POSITIVE, Op.ZERO)

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="targets"
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    name = models.CharField(_("指标"), max_length=300)
    subject = models.CharField(_("对象"), max_length=100, blank=True)
    op = models.CharField(_("比较"), max_length=20, choices=Op.choices, default=Op.GE)
    value = models.DecimalField(_("目标值"), max_digits=24, decimal_places=4, null=True, blank=True)
    value_max = models.DecimalField(
        _("上限"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    raw = models.CharField(_("原文数值"), max_length=100, blank=True)
    text = models.CharField(_("原文"), max_length=1000, blank=True)
    span_start = models.PositiveIntegerField(_("原文起点"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("原文终点"), null=True, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    baseline = models.DecimalField(
        _("基数"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    scale = models.CharField(
        _("数量级"), max_length=4, blank=True, choices=[(k, k or _("个")) for k in SCALES]
    )
    aggregation = models.CharField(
        _("汇总方式"), max_length=10, choices=Aggregation.choices, default=Aggregation.LEAD
    )
    source_cell = source_cell_field()
    version = models.PositiveIntegerField(_("版本"), default=1)
    history = ChainedHistoricalRecords(excluded_fields=["source_cell"])

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["task", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def source_cell_label(self) -> str:
        return source_cell_label(self.source_cell)

    @property
    def measure(self) -> Measure:
        """How this target's numbers are shown and typed (100亿元, 1.3万人)."""
        return Measure(self.unit or "", self.scale or "")

    @classmethod
    def propose_aggregation(cls, *, text: str = "", subject: str = "", unit: str = "") -> str:
        """The rule proposed at import: a rate is never summed; a target the
        document sets for 各县市/各地 sums the units' figures; otherwise it is a
        prefecture total, the principal lead unit's figure."""
        if (unit or "") in RATE_UNITS:
            return cls.Aggregation.LEAD
        if any(word in f"{subject}{text}" for word in cls.SUM_WORDS):
            return cls.Aggregation.SUM
        return cls.Aggregation.LEAD

    def combine(self, own, others):
        """The task's figure from the principal lead unit's own figure `own`
        (value, as_of) or None, and the other units' latest figures `others`
        [(value, as_of)], by `aggregation`. None when there is nothing to combine."""
        figures = [f for f in [own, *others] if f is not None]
        if self.aggregation == self.Aggregation.SUM:
            if not figures:
                return None
            return (sum((v for v, _d in figures), Decimal(0)), max(d for _v, d in figures))
        if self.aggregation == self.Aggregation.LATEST:
            return max(figures, key=lambda f: f[1]) if figures else None
        return own


class UnitMention(models.Model):
    """A unit name as the document writes it in a task's unit clause, and what the
    directory resolved it to.

    Contract: `status` resolved → `units` holds exactly one unit; group → the
    collective name's member units; unknown → no units yet (the reviewer maps it
    or creates the unit). A plan with unknown mentions cannot be published.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头")
        CO = "co", _("配合")

    class Status(models.TextChoices):
        RESOLVED = "resolved", _("已匹配")
        GROUP = "group", _("集合")
        UNKNOWN = "unknown", _("未识别")

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="mentions"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    name = models.CharField(_("原文名称"), max_length=200)
    status = models.CharField(
        _("识别状态"), max_length=10, choices=Status.choices, default=Status.UNKNOWN
    )
    units = models.ManyToManyField(
        "units.Unit", verbose_name=_("对应单位"), blank=True, related_name="mentions"
    )
    source_cell = source_cell_field()
    # The label (or table column header) the parser read this name under, as the
    # document writes it ("落实主体"); blank when it came from a sentence or position.
    source_label = models.CharField(_("原文标签"), max_length=40, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    # Set once at import and never edited: kept out of the hashed history so that
    # adding these columns left the existing audit chain verifiable.
    history = ChainedHistoricalRecords(
        m2m_fields=[units], excluded_fields=["source_cell", "source_label"]
    )

    class Meta:
        verbose_name = _("单位提及")
        verbose_name_plural = _("单位提及")
        ordering = ["task", "role", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def source_cell_label(self) -> str:
        return source_cell_label(self.source_cell)


class Assignment(models.Model):
    """A unit's share of a published task.

    Contract: one per (task, unit); a unit both lead and co is lead; the first
    lead unit in document order is the principal (主办) unless the office changes
    it (a task without lead units has its first co unit as principal, so every
    task has one unit that answers for it).
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头")
        CO = "co", _("配合")

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    is_principal = models.BooleanField(_("主办单位"), default=False)
    created_at = models.DateTimeField(_("交办时间"), auto_now_add=True)
    history = ChainedHistoricalRecords()

    class Meta:
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")
        ordering = ["task", "-is_principal", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"], name="plans_assignment_task_unit_unique"
            )
        ]

    def __str__(self):
        return f"{self.task} → {self.unit}"


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """An in-app notice to a unit (every person of the unit sees it).

    Contract: `read_at` is set once, when someone of the unit marks it read.
    """

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("新任务")
        REMINDER = "reminder", _("提醒")
        OVERDUE = "overdue", _("逾期")
        SUPERVISION = "supervision", _("督办")
        REPORT = "report", _("报告")
        OTHER = "other", _("其他")

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="notices"
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="notices"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.ASSIGNED)
    message = models.CharField(_("内容"), max_length=1000)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "read_at"])]

    def __str__(self):
        return self.message

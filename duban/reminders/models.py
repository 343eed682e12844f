"""Reminders: the ladder each office (or plan) chases with, the messages it
produces, the digests that carry them to a person, and each person's channels.

Exactly once: a Message is keyed by (recipient, kind, subject, occasion), so
however many runs or workers compute it, it exists once; a worker sends only
the messages it claimed with a conditional UPDATE (status pending → claimed),
so two workers never send one message twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.audit.models import ChainedHistoricalRecords

from . import ladder


class Ladder(models.Model):
    """The reminder ladder of an office (its default, `plan` empty) or of one plan.

    Contract: at most one default per office and one per plan; a plan without
    its own ladder uses its office's default, an office without one uses
    `ladder.Policy()`'s numbers; 0 days switches a step off. Edits are audited."""

    office = models.ForeignKey(
        "units.Unit", verbose_name=_("督查室所属单位"), on_delete=models.CASCADE, related_name="+"
    )
    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("计划"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ladder",
    )
    before_days = models.PositiveSmallIntegerField(_("提前提醒天数"), default=3)
    on_due_day = models.BooleanField(_("到期当日提醒"), default=True)
    chase_every_days = models.PositiveSmallIntegerField(_("逾期催办间隔天数"), default=2)
    escalate_head_after = models.PositiveSmallIntegerField(_("逾期几天后报单位负责人"), default=3)
    escalate_office_after = models.PositiveSmallIntegerField(_("逾期几天后报督查室"), default=7)
    send_hour = models.PositiveSmallIntegerField(_("发送时刻(时)"), default=9)
    history = ChainedHistoricalRecords()

    class Meta:
        verbose_name = _("提醒规则")
        verbose_name_plural = _("提醒规则")
        constraints = [
            models.UniqueConstraint(
                fields=["office"],
                condition=models.Q(plan__isnull=True),
                name="reminders_ladder_one_default_per_office",
            )
        ]

    def __str__(self):
        return str(self.plan or self.office)

    @property
    def policy(self) -> ladder.Policy:
        return ladder.Policy(
            before_days=self.before_days,
            on_due_day=self.on_due_day,
            chase_every_days=self.chase_every_days,
            escalate_head_after=self.escalate_head_after,
            escalate_office_after=self.escalate_office_after,
            send_hour=min(self.send_hour, 23),
        )


class Kind(models.TextChoices):
    BEFORE = ladder.BEFORE, _("到期提醒")
    DUE = ladder.DUE, _("今日到期")
    CHASE = ladder.CHASE, _("逾期催办")
    ESCALATE_HEAD = ladder.ESCALATE_HEAD, _("逾期报单位负责人")
    ESCALATE_OFFICE = ladder.ESCALATE_OFFICE, _("逾期报督查室")


class SubjectType(models.TextChoices):
    REPORT = "report", _("进展报告")
    ITEM = "item", _("交办事项")
    ORDER = "order", _("督办单")


class Digest(models.Model):
    """What one person received in one run: all their messages, grouped.

    Contract: one per (person, run); it is the person's in-app inbox entry
    (`read_at` set when they open it); `deliveries` record each outside channel."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("发送时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    worker = models.CharField(_("发送进程"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("提醒汇总")
        verbose_name_plural = _("提醒汇总")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject


class Message(models.Model):
    """One ladder step for one person about one report or item.

    Contract: unique per (recipient, kind, subject_type, subject_id, occasion);
    `status` moves pending → claimed → sent only, the claim by a conditional
    UPDATE (`services.claim`); a claim older than `services.CLAIM_LEASE` may be
    taken over (the worker that held it died before sending)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        CLAIMED = "claimed", _("发送中")
        SENT = "sent", _("已发送")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="reminder_messages",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    subject_type = models.CharField(_("对象类型"), max_length=10, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    occasion = models.DateField(_("节点日期"))
    due_at = models.DateTimeField(_("应发时间"), db_index=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("责任单位"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("事项"), max_length=500)
    due_date = models.DateField(_("截止日期"))
    unacknowledged = models.BooleanField(_("未签收"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    claim_token = models.CharField(_("认领标记"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("提醒汇总"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )

    class Meta:
        verbose_name = _("提醒消息")
        verbose_name_plural = _("提醒消息")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "occasion"],
                name="reminders_message_once",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.recipient} {self.get_kind_display()} {self.title}"


class Delivery(models.Model):
    """One attempt to carry a digest through one outside channel."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        DINGTALK = "dingtalk", _("钉钉机器人")
        WECOM = "wecom", _("企业微信机器人")
        FEISHU = "feishu", _("飞书机器人")
        JSON = "json", _("JSON 推送")
        SMS = "sms", _("短信")

    digest = models.ForeignKey(
        Digest, verbose_name=_("提醒汇总"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    ok = models.BooleanField(_("成功"), default=False)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["id"]

    def __str__(self):
        return f"{self.digest_id} {self.channel}"


class Preference(models.Model):
    """How one person wants to be reached. The in-app inbox always gets the
    digest; e-mail goes to `User.email` when `email` is on; one robot webhook
    (its secret signs DingTalk/Feishu requests); SMS to `phone` through the
    configured gateway. Absent row = inbox and e-mail."""

    class Webhook(models.TextChoices):
        NONE = "", _("不推送")
        DINGTALK = "dingtalk", _("钉钉机器人")
        WECOM = "wecom", _("企业微信机器人")
        FEISHU = "feishu", _("飞书机器人")
        JSON = "json", _("JSON 推送")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    email = models.BooleanField(_("电子邮件"), default=True)
    webhook = models.CharField(
        _("机器人推送"), max_length=10, choices=Webhook.choices, blank=True, default=""
    )
    webhook_url = models.URLField(_("推送地址"), max_length=500, blank=True)
    webhook_secret = models.CharField(_("加签密钥"), max_length=200, blank=True)
    sms = models.BooleanField(_("短信"), default=False)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    history = ChainedHistoricalRecords(excluded_fields=["webhook_secret"])

    class Meta:
        verbose_name = _("提醒偏好")
        verbose_name_plural = _("提醒偏好")

    def __str__(self):
        return str(self.user)

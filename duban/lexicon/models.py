"""An office's own parsing vocabulary (解析词表): the labels and table header words
its documents use beyond the parser's built-in list.

Contract: one `Term` is one word of one office (unique per office); its role says
what the word introduces — lead/responsible/co units, leaders, a deadline (used
both as a label "落实主体:X" and as a table header word), or a table column of
task text or reported progress (header words only). `as_vocabulary(office)` is
what docparse takes (`parse_text(..., vocabulary=...)`). Every change is audited.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.audit.models import ChainedHistoricalRecords
from duban.docparse import labels as doc_labels

# docparse takes words of 3–12 Han characters (shorter ones would match inside prose).
WORD_RE = re.compile(r"^[\u3400-\u9fff]{3,12}$")


class TermQuerySet(models.QuerySet):
    def of_office(self, office):
        return self.filter(office=office)

    def as_vocabulary(self, office) -> dict[str, str]:
        """label → docparse role for the office (empty: the built-in list alone)."""
        if office is None:
            return {}
        return dict(self.of_office(office).values_list("word", "role"))


class Term(models.Model):
    class Role(models.TextChoices):
        LEAD = doc_labels.LEAD, _("牵头单位")
        RESP = doc_labels.RESP, _("责任单位")
        CO = doc_labels.CO, _("配合单位")
        LEADER = doc_labels.LEADER, _("责任领导")
        DEADLINE = doc_labels.DEADLINE, _("完成时限")
        TASK = doc_labels.TASK, _("任务内容(表头)")
        PROGRESS = doc_labels.PROGRESS, _("进展情况(表头)")

    office = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="lexicon_terms", verbose_name=_("单位")
    )
    word = models.CharField(_("词语"), max_length=12)
    role = models.CharField(_("含义"), max_length=10, choices=Role.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("添加人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = ChainedHistoricalRecords()

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("解析词")
        verbose_name_plural = _("解析词表")
        ordering = ["role", "word"]
        constraints = [
            models.UniqueConstraint(fields=["office", "word"], name="lexicon_term_unique_word")
        ]

    def __str__(self):
        return f"{self.word} → {self.get_role_display()}"

    def clean(self):
        self.word = re.sub(r"\s+", "", self.word or "")
        if not WORD_RE.match(self.word):
            raise ValidationError({"word": _("词语须为 3 至 12 个汉字(不含标点和冒号)。")})

"""Teaching the office's 解析词表 from the review page.

A mention whose role the parser read under a label (`UnitMention.source_label`:
"落实主体:州住建局") and which the reviewer moves to another role tells something
about the office's documents: that label means the new role. Right after such a
change the review page offers to add the label to the office's vocabulary with
that role (or to change the entry it has); accepting goes through the lexicon's
own service steps, so the change is checked and audited as on the 解析词表 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from duban.docparse import labels as doc_labels
from duban.lexicon import rules as lexicon_rules
from duban.lexicon import services as lexicon_services
from duban.lexicon.models import WORD_RE, Term

from .models import UnitMention
from .workflow import InvalidInput, NotAllowed


@dataclass(frozen=True)
class LabelOffer:
    """Add `word` to the office's vocabulary as `role` (`term`: its entry, if any)."""

    mention_id: int
    word: str
    role: str
    term: Term | None

    @property
    def role_label(self) -> str:
        return str(Term.Role(self.role).label)


def label_offer(mention: UnitMention, user) -> LabelOffer | None:
    """What the review page may offer for `mention` after its role changed: None
    unless it came from a label the lexicon can hold, the user may change the
    office's vocabulary, and the vocabulary does not already give that role."""
    word = mention.source_label
    if not word or not WORD_RE.match(word) or mention.role not in UnitMention.Role.values:
        return None
    plan = mention.task.plan
    if not plan.is_editable or not lexicon_rules.can_manage(user, plan.office):
        return None
    term = Term.objects.of_office(plan.office).filter(word=word).first()
    in_force = term.role if term is not None else doc_labels.LABEL_ROLE.get(word)
    # Mention roles are lexicon roles by the same codes (lead, co).
    if in_force == mention.role:
        return None
    return LabelOffer(mention_id=mention.pk, word=word, role=mention.role, term=term)


def offer_for(plan, user, mention_id) -> LabelOffer | None:
    """The offer for a mention of `plan` named by id (a page's query), else None."""
    if not str(mention_id or "").isdigit():
        return None
    mention = (
        UnitMention.objects.select_related("task__plan__office")
        .filter(task__plan=plan, pk=int(mention_id))
        .first()
    )
    return label_offer(mention, user) if mention is not None else None


@transaction.atomic
def teach_label(*, mention: UnitMention, user) -> Term:
    """Accept the offer: the mention's label joins the office's vocabulary with the
    mention's role (or its entry takes that role). Audited by the lexicon."""
    mention = UnitMention.objects.select_related("task__plan__office").get(pk=mention.pk)
    office = mention.task.plan.office
    if not lexicon_rules.can_manage(user, office):
        raise NotAllowed(_("只有本单位督查室可以维护解析词表。"))
    offer = label_offer(mention, user)
    if offer is None:
        raise InvalidInput(_("这个单位没有可加入解析词表的标签,或词表已是这个含义。"))
    note = _("审核《%(plan)s》时添加") % {"plan": mention.task.plan.title[:150]}
    try:
        if offer.term is not None:
            return lexicon_services.update_term(
                term=offer.term, user=user, word=offer.word, role=offer.role, note=offer.term.note
            )
        return lexicon_services.add_term(
            office=office, user=user, word=offer.word, role=offer.role, note=note
        )
    except lexicon_services.LexiconError as exc:
        raise InvalidInput(str(exc)) from exc

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.units.models import Unit

from .models import Item, ItemClass


class AssignForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=500)
    source = forms.ChoiceField(label=_("来源"), choices=Item.Source.choices)
    source_detail = forms.CharField(label=_("来源说明"), max_length=500, required=False)
    requirement = forms.CharField(
        label=_("办理要求"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=Unit.objects.filter(is_active=True).order_by("name")
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"),
        queryset=Unit.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    item_class = forms.ChoiceField(
        label=_("事项类别(“710”)"),
        choices=[("", _("不分类,按办结时限"))] + list(ItemClass.choices),
        required=False,
    )
    due_date = forms.DateField(
        label=_("办结时限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("选择类别时可不填,按类别推算。"),
    )


class ExtensionForm(forms.Form):
    requested_due_date = forms.DateField(
        label=_("申请延至"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("延期理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"),
        choices=[("1", _("同意")), ("0", _("不同意"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label=_("意见"), max_length=1000, required=False)


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("办结说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OrderForm(forms.Form):
    facts = forms.CharField(label=_("基本情况"), widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("督办要求"), widget=forms.Textarea(attrs={"rows": 3}))
    reply_due = forms.DateField(label=_("回复时限"), widget=forms.DateInput(attrs={"type": "date"}))


class TaskOrderForm(OrderForm):
    """A 督办单 on a plan task: the addressee is one of the task's units."""

    unit = forms.TypedChoiceField(label=_("被督办单位"), coerce=int)

    field_order = ["unit", "facts", "requirement", "reply_due"]

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 4}))


class OrderCloseForm(forms.Form):
    comment = forms.CharField(label=_("办结意见"), max_length=1000, required=False)


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)

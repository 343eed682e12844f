"""Forms of the directory pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Unit, UnitGroup
from .services import NAME_SEPARATORS


def split_names(text):
    for sep in NAME_SEPARATORS[1:]:
        text = text.replace(sep, NAME_SEPARATORS[0])
    return [part.strip() for part in text.split(NAME_SEPARATORS[0]) if part.strip()]


class AliasesField(forms.CharField):
    """A list of names typed as one line, separated by 、 or commas."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "、".join(value)
        return value

    def to_python(self, value):
        return split_names(super().to_python(value) or "")


class UnitForm(forms.ModelForm):
    aliases = AliasesField(
        label=_("别名"),
        required=False,
        help_text=_("文件中出现的其他名称,用顿号“、”分隔,如:州交通局、交通局"),
    )

    class Meta:
        model = Unit
        fields = ["name", "full_name", "kind", "parent", "aliases", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.order_by("kind", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class UnitGroupForm(forms.ModelForm):
    class Meta:
        model = UnitGroup
        fields = ["name", "kind_rule", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}
        help_texts = {
            "kind_rule": _("选择类别后,该类别的全部启用单位都属于本集合,无需逐个勾选成员。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Unit.objects.active().order_by("kind", "name")

    def clean(self):
        data = super().clean()
        if not data.get("kind_rule") and not data.get("members"):
            raise forms.ValidationError(_("请勾选成员单位,或选择“按类别包含”。"))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("名录文件"),
        help_text=_("支持 YAML(.yaml/.yml)或 Excel(.xlsx,含“单位”“集合”两个工作表)"),
    )

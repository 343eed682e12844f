"""Forms of the plan pages. They validate input only; services do the saving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core import numbers
from duban.core.amounts import SCALES, AmountError, Measure
from duban.units.models import Unit

from .models import Target, UnitMention
from .uploads import ACCEPT_ATTRIBUTE


class VersionField(forms.IntegerField):
    """The version of the object the form was rendered from (stale saves are refused)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=True, min_value=0, **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("公文文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_(
            "支持 txt、docx、doc、wps、pdf、html、ofd、xlsx、xls、et 格式,以及 jpg、png、tiff 扫描图片"
            "(扫描件在后台识别文字)。"
        ),
    )
    text = forms.CharField(
        label=_("或粘贴公文全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file"))
        has_text = bool((data.get("text") or "").strip())
        if has_file == has_text:
            raise forms.ValidationError(_("请上传一个文件,或粘贴公文全文(二选一)。"))
        return data


class PlanForm(forms.Form):
    title = forms.CharField(label=_("文件标题"), max_length=500)
    plan_title = forms.CharField(label=_("方案名称"), max_length=500, required=False)
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    issuer = forms.CharField(label=_("发文机关"), max_length=200, required=False)
    report_deadline = forms.DateField(
        label=_("报送截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    report_to = forms.CharField(label=_("报送对象"), max_length=200, required=False)
    version = VersionField()


class TaskForm(forms.Form):
    key = forms.CharField(label=_("编号"), max_length=100, required=False)
    group = forms.CharField(label=_("所属部分"), max_length=300, required=False)
    title = forms.CharField(label=_("任务名称"), max_length=500)
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TaskEditForm(TaskForm):
    version = VersionField()


class TargetForm(forms.Form):
    """A target as the office corrects it. Values are typed in the document's
    scale (`scale` + `unit`: "100" with 亿 and 元 is 100亿元; "1.3万" says its own
    magnitude) and cleaned to base units."""

    name = forms.CharField(label=_("指标"), max_length=300)
    subject = forms.CharField(label=_("对象"), max_length=100, required=False)
    op = forms.ChoiceField(label=_("比较"), choices=Target.Op.choices)
    value = forms.CharField(label=_("目标值"), required=False, max_length=60)
    value_max = forms.CharField(label=_("上限"), required=False, max_length=60)
    scale = forms.ChoiceField(
        label=_("数量级"), required=False, choices=[(k, k or _("个")) for k in SCALES]
    )
    unit = forms.CharField(label=_("单位"), max_length=30, required=False)
    aggregation = forms.ChoiceField(
        label=_("汇总方式"),
        choices=Target.Aggregation.choices,
        initial=Target.Aggregation.LEAD,
        required=False,
        help_text=_(
            "各单位报送的数值如何得出任务的数值:合计、以牵头单位数为准或以最新报送数为准。"
        ),
    )
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if not data.get("aggregation"):
            data.pop("aggregation", None)  # not sent: the target keeps its rule
        measure = Measure(data.get("unit") or "", data.get("scale") or "")
        for name in ("value", "value_max"):
            text = (data.get(name) or "").strip()
            if not text:
                data[name] = None
                continue
            try:
                # Parsed in the target's scale, then the one bound of value
                # columns (duban.core.numbers): what SQLite can read back.
                data[name] = numbers.fit_decimal(
                    measure.parse(text), label=str(self.fields[name].label)
                )
            except (AmountError, numbers.OutOfRange) as exc:
                self.add_error(name, str(exc))
            except ArithmeticError:  # an exponent beyond decimal's range
                self.add_error(name, _("请输入有效的数值。"))
        return data


class TargetEditForm(TargetForm):
    version = VersionField()


class MentionAddForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=UnitMention.Role.choices)
    name = forms.CharField(label=_("单位名称"), max_length=200)


class MentionRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=UnitMention.Role.choices)
    version = VersionField()


class MapMentionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("映射到已有单位"),
        empty_label=_("请选择单位"),
        queryset=Unit.objects.filter(is_active=True).order_by("kind", "name"),
    )
    version = VersionField()


class PrincipalForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.all())


class CreateUnitForm(forms.Form):
    name = forms.CharField(label=_("单位简称"), max_length=100)
    full_name = forms.CharField(label=_("单位全称"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("类别"), choices=Unit.Kind.choices, initial=Unit.Kind.DEPARTMENT
    )
    version = VersionField()


class DeleteForm(forms.Form):
    version = VersionField()

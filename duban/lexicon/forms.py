from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Term


class TermForm(forms.Form):
    word = forms.CharField(label=_("词语"), max_length=40)
    role = forms.ChoiceField(label=_("含义"), choices=Term.Role.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("YAML 文件"), help_text=_("由“导出 YAML”得到的文件格式"))

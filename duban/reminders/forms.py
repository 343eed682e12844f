from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Ladder, Preference


class PreferenceForm(forms.ModelForm):
    # Robots sit on the intranet, often without TLS: a bare host means http.
    webhook_url = forms.URLField(
        label=_("推送地址"), max_length=500, required=False, assume_scheme="http"
    )

    class Meta:
        model = Preference
        fields = ["email", "webhook", "webhook_url", "webhook_secret", "sms", "phone"]
        widgets = {"webhook_secret": forms.PasswordInput(render_value=True)}

    def clean(self):
        data = super().clean()
        if data.get("webhook") and not data.get("webhook_url"):
            self.add_error("webhook_url", _("请填写推送地址。"))
        if data.get("sms") and not data.get("phone"):
            self.add_error("phone", _("请填写手机号。"))
        return data


class LadderForm(forms.ModelForm):
    class Meta:
        model = Ladder
        fields = [
            "before_days",
            "on_due_day",
            "chase_every_days",
            "escalate_head_after",
            "escalate_office_after",
            "send_hour",
        ]

    def clean_send_hour(self):
        hour = self.cleaned_data["send_hour"]
        if hour > 23:
            raise forms.ValidationError(_("发送时刻应在0到23之间。"))
        return hour

    def clean(self):
        data = super().clean()
        head, office = data.get("escalate_head_after"), data.get("escalate_office_after")
        if head and office and office < head:
            self.add_error("escalate_office_after", _("报督查室应不早于报单位负责人。"))
        return data

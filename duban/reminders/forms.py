from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.ModelForm):
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

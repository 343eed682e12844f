"""Forms of the accounts pages."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from duban.units.models import Unit

from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。"),
        "inactive": _("该账号已停用。"),
    }

    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)


class AccountForm(forms.ModelForm):
    """Create (with a first password) or edit an account; role and unit rules are User.clean's."""

    password1 = forms.CharField(label=_("初始密码"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码"), strip=False, widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["username", "display_name", "unit", "role", "email"]
        labels = {"username": _("用户名"), "email": _("电子邮箱")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("kind", "name")
        if self.instance.pk:
            # Passwords of existing accounts change through the reset page.
            del self.fields["password1"]
            del self.fields["password2"]
            self.fields["username"].disabled = True

    def clean(self):
        data = super().clean()
        if "password1" in self.fields:
            p1, p2 = data.get("password1"), data.get("password2")
            if p1 and p2 and p1 != p2:
                self.add_error("password2", _("两次输入的密码不一致。"))
            elif p1:
                # The similarity rule compares with the new account's own names,
                # which the instance receives only after clean().
                for name in ("username", "display_name", "email"):
                    if data.get(name):
                        setattr(self.instance, name, data[name])
                try:
                    password_validation.validate_password(p1, self.instance)
                except forms.ValidationError as exc:
                    self.add_error("password1", exc)
        return data


class ResetPasswordForm(forms.Form):
    password1 = forms.CharField(label=_("新密码"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认新密码"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, account=None, **kwargs):
        self.account = account
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            try:
                password_validation.validate_password(p1, self.account)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

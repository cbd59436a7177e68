from __future__ import annotations

from django import forms

from zhongshu.accounts.passwords import (
    CommonPatternValidator,
    HistoryValidator,
    LengthAndClassesValidator,
    NoUsernameValidator,
)
from zhongshu.base.roles import Role

PASSWORD_HELP = "".join(
    validator.get_help_text()
    for validator in (
        LengthAndClassesValidator(),
        NoUsernameValidator(),
        CommonPatternValidator(),
        HistoryValidator(),
    )
)


class LoginForm(forms.Form):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=8,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class NewPasswordForm(forms.Form):
    """A new password typed twice: the person's own change and the reset they redeem both end in it."""

    new_password = forms.CharField(
        label="新密码",
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "两次输入的新密码不一致。")
        return data


class PasswordChangeForm(NewPasswordForm):
    field_order = ["old_password", "new_password", "new_password_again"]

    old_password = forms.CharField(
        label="原密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)


class ResetRedeemForm(NewPasswordForm):
    """The person's own page: both halves of the reset code, received by hand, and a new password."""

    field_order = ["username", "first_half", "second_half", "new_password", "new_password_again"]

    username = forms.CharField(
        label="用户名", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    first_half = forms.CharField(
        label="重置码前半段（系统管理员交付）",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    second_half = forms.CharField(
        label="重置码后半段（本单位领导交付）",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="业务角色", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

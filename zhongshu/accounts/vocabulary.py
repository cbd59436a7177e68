"""The audit log's words for sign-ins and accounts (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "auth.login": "登录",
    "auth.login_failed": "登录失败",
    "auth.logout": "退出登录",
    "auth.second_factor": "第二因素验证",
    "auth.totp_enrolled": "绑定动态口令",
    "account.created": "新建账号",
    "account.admin_created": "新建管理员账号",
    "account.disabled": "停用账号",
    "account.enabled": "启用账号",
    "account.unlocked": "解除登录限制",
    "account.password_changed": "修改密码",
    "account.password_reset": "重置密码",
    "account.password_reset_half_shown": "出示重置码（半段）",
    "account.password_reset_redeemed": "使用重置码设置密码",
    "account.roles_changed": "调整业务角色",
}

# Models the audit log may name whose verbose name is not Chinese.
OBJECT_TYPE_LABELS: dict[str, str] = {"otp_totp.totpdevice": "动态口令设备"}

# The audit details' keys of sign-ins and accounts (audit.vocabulary.detail_items).
AUDIT_DETAIL_LABELS: dict[str, str] = {"second_factor": "已验证第二因素"}

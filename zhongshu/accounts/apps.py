from django.apps import AppConfig

from zhongshu.base.roles import Power


class AccountsConfig(AppConfig):
    name = "zhongshu.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from zhongshu.accounts import guards
        from zhongshu.core.navigation import register_nav

        guards.connect()
        register_nav(
            "账号管理",
            "accounts:manage",
            allowed=lambda user: bool(
                getattr(user, "is_authenticated", False) and user.has_power(Power.MANAGE_ACCOUNTS)  # type: ignore[attr-defined]
            ),
            order=80,
        )

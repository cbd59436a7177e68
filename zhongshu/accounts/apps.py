from django.apps import AppConfig

from zhongshu.base.roles import Power


class AccountsConfig(AppConfig):
    name = "zhongshu.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from zhongshu.accounts import guards
        from zhongshu.accounts.todos import reset_halves_awaiting
        from zhongshu.core.navigation import register_nav
        from zhongshu.core.todos import register_todo_source

        guards.connect()
        # A unit leader's to-do: the second half of a colleague's password reset, to be shown once.
        register_todo_source("accounts.resets", reset_halves_awaiting)
        register_nav(
            "账号管理",
            "accounts:manage",
            allowed=lambda user: bool(
                getattr(user, "is_authenticated", False) and user.has_power(Power.MANAGE_ACCOUNTS)  # type: ignore[attr-defined]
            ),
            order=80,
        )

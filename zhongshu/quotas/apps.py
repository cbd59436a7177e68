from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "zhongshu.quotas"
    label = "quotas"
    verbose_name = "额度"

    def ready(self) -> None:
        # The kinds are registered by the apps that own them (documents, meetings) from their own ready().
        from zhongshu.core.navigation import register_nav
        from zhongshu.quotas.views import may_set_quotas

        register_nav("额度", "quotas:page", allowed=may_set_quotas, order=21)

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhongshu.org"
    label = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from zhongshu.org import navigation, scopes

        scopes.register()
        navigation.register()

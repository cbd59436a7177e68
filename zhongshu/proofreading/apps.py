from django.apps import AppConfig


class ProofreadingConfig(AppConfig):
    name = "zhongshu.proofreading"
    label = "proofreading"
    verbose_name = "校对"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav
        from zhongshu.proofreading.access import may_proofread

        register_nav("校对", "proofreading:page", allowed=may_proofread, order=40)

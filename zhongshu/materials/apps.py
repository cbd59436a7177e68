from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "zhongshu.materials"
    label = "materials"
    verbose_name = "素材库"

    def ready(self) -> None:
        from django.db.models import Q

        from zhongshu.access.policy import register_scope
        from zhongshu.core.jobs import register_job, register_tick
        from zhongshu.core.navigation import register_nav
        from zhongshu.materials import batches, bench
        from zhongshu.materials.models import IngestBatch
        from zhongshu.materials.roles import may_use_materials
        from zhongshu.materials.search import register_search

        # A batch (its file names and messages) is its uploader's business only.
        register_scope(IngestBatch, lambda viewer, action: Q(created_by_id=viewer.user_id or 0))
        register_job(batches.JOB, batches.ingest_batch_run)
        register_tick("materials.ingest", batches.ingest_tick)
        register_nav("素材库", "materials:library", allowed=may_use_materials, order=60)
        register_search()
        bench.register()

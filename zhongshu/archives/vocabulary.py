"""The audit log's words for what the archives record (issue 15, one vocabulary)."""

from __future__ import annotations

from zhongshu.archives.models import Decision
from zhongshu.archives.states import ItemAction, UseAction

AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"archives.{action.value}": f"档案{action.label}" for action in ItemAction},
    **{f"archives.use.{action.value}": f"档案利用{action.label}" for action in UseAction},
    **{f"archives.appraise.{decision.value}": f"档案鉴定：{decision.label}" for decision in Decision},
    "archives.destroy.reject": "档案销毁未获批准",
    "archives.file": "归档",
    "archives.import": "导入档案目录",
    "archives.download": "下载档案",
    "archives.fixed_copy": "保存版式归档件",
    "archives.fixed_copy_failed": "版式归档件生成失败",
    "archives.catalogue.export": "导出档案目录",
    "archives.use.request": "申请利用档案",
}

# Models the audit log may name whose verbose name is not Chinese.
OBJECT_TYPE_LABELS: dict[str, str] = {
    "archives.itemcounter": "档号计数器",
    "archives.catalogueimport": "档案目录导入",
}

# The audit details' keys of what the archives record (audit.vocabulary.detail_items).
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "reference_code": "档号",
    "source": "来源",
    "source_id": "来源记录",
    "files": "文件数",
    "pages": "页数",
    "items": "条目数",
    "stored": "保存的文件",
    "from": "来源文件",
    "appraisal": "鉴定记录",
    "retention": "保管期限",
}

"""The audit log's words for the materials library (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "material.ingest": "素材入库",
    "material.update": "修改素材",
    "material.withdraw": "撤回素材",
    "material.batch.create": "批量导入素材",
    "material.key_sentence.pin": "金句置顶",
    "material.key_sentence.unpin": "取消金句置顶",
    "problem.create": "登记差错",
    "problem.status": "更新差错状态",
}

# Models the audit log may name whose verbose name is not Chinese.
OBJECT_TYPE_LABELS: dict[str, str] = {
    "materials.materialparagraph": "素材段落",
    "materials.fingerprint": "素材指纹",
    "materials.similarpassage": "相似段落",
    "materials.ingestrow": "导入行",
}

# The audit details' keys of what the materials library records (audit.vocabulary.detail_items).
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "file": "文件",
    "removed": "清洗删除行数",
    "paragraphs": "段落数",
    "shared_passages": "相似段落数",
    "key_sentences": "金句数",
}

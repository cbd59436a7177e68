"""The audit log's words for stored files (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "attachment.add": "添加附件",
    "attachment.download": "下载附件",
    "file.store": "保存文件",
    "file.encrypt": "加密文件",
    "file.encrypt_store": "加密保存文件",
    "file.prune": "清理文件",
}

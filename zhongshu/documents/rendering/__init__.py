"""GB/T 9704-2012 rendering of official documents: DOCX with python-docx, PDF with LibreOffice headless."""

from zhongshu.documents.rendering.layout import DocumentLayout

__all__ = ["DocumentLayout"]

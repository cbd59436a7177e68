import io
from pathlib import Path


class Upload(io.BytesIO):
    """An in-memory upload with a name and a size, as the services receive from Django."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name
        self.size = len(data)


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload_of(path: Path) -> Upload:
    """A file from disk as an upload of the same name."""
    return Upload(path.read_bytes(), path.name)

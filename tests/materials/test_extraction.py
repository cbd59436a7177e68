"""Text out of real files: generated .docx and .pdf, GBK text, and every kind of bad file."""

import os
import shutil
import subprocess

import pytest

from tests.materials.helpers import Upload, docx_bytes
from zhongshu.materials.extraction import ExtractionError, extract

LIMIT = 50 * 1024 * 1024
BODY = [
    "关于加强办公室工作的几点体会",
    "要提高政治站位，强化政治担当，提升政治能力。",
    "文经我手无差错，事交我办请放心。",
]


def _extract(data, name):
    return extract(Upload(data, name), name=name, max_bytes=LIMIT)


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (make browser installs it)")
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "体会.docx"
    source.write_bytes(docx_bytes(BODY))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (folder / "体会.pdf").read_bytes()


def test_docx_paragraphs():
    extracted = _extract(docx_bytes(BODY), "a.docx")
    assert extracted.kind == "docx"
    assert extracted.text.split("\n") == BODY


def test_pdf_text(pdf_bytes):
    extracted = _extract(pdf_bytes, "a.pdf")
    flat = extracted.text.replace("\n", "").replace(" ", "")
    for line in BODY:
        assert line in flat


def test_truncated_pdf_is_refused_not_half_read(pdf_bytes):
    with pytest.raises(ExtractionError) as error:
        _extract(pdf_bytes[: len(pdf_bytes) // 2], "a.pdf")
    assert error.value.code == "corrupt_pdf"
    assert "不完整" in error.value.message


def test_pdf_without_text_says_it_may_be_a_scan():
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError) as error:
        _extract(out.getvalue(), "scan.pdf")
    assert error.value.code == "scanned_pdf"
    assert "扫描件" in error.value.message


def test_corrupt_docx():
    data = docx_bytes(BODY)
    with pytest.raises(ExtractionError) as error:
        _extract(data[:300], "a.docx")
    assert error.value.code == "corrupt_docx"
    assert error.value.message == "Word 文档已损坏或不是 .docx 格式，无法读取"


def test_pdf_renamed_to_docx_is_refused():
    with pytest.raises(ExtractionError) as error:
        _extract(b"%PDF-1.4 not a word file", "a.docx")
    assert error.value.code == "corrupt_docx"


@pytest.mark.parametrize(
    ("encoding", "data_prefix"), [("gbk", b""), ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf")]
)
def test_text_encodings(encoding, data_prefix):
    text = "\n".join(BODY)
    extracted = _extract(data_prefix + text.encode(encoding), "a.txt")
    assert extracted.text == text


def test_undecodable_text_is_refused():
    with pytest.raises(ExtractionError) as error:
        _extract(bytes(range(128, 256)) * 20, "a.txt")
    assert error.value.code == "bad_encoding"


def test_empty_file():
    with pytest.raises(ExtractionError) as error:
        _extract(b"", "a.txt")
    assert (error.value.code, error.value.message) == ("file_empty", "文件为空")


def test_whitespace_only_file_has_no_text():
    with pytest.raises(ExtractionError) as error:
        _extract("  \n\u3000\n".encode(), "a.txt")
    assert error.value.code == "no_text"


def test_unsupported_type():
    with pytest.raises(ExtractionError) as error:
        _extract(b"x", "a.exe")
    assert error.value.message == "不支持的文件类型：.exe（支持 .txt、.docx、.pdf）"


def test_a_200mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no disk and, refused unread, no memory

    class Tripwire:
        def __init__(self, handle):
            self.handle = handle

        def fileno(self):
            return self.handle.fileno()

        def read(self, *args):
            raise AssertionError("the file was read")

    with open(path, "rb") as handle, pytest.raises(ExtractionError) as error:
        extract(Tripwire(handle), name="huge.txt", max_bytes=LIMIT)
    assert error.value.code == "file_too_large"
    assert error.value.message == "文件过大：200.0MB，超过50MB上限"
    assert os.path.getsize(path) == 200 * 1024 * 1024

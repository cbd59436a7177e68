"""The 校对 page: who sees it, paste and check, accept a suggestion (htmx and plain), download, DOCX upload."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.proofreading.conftest import TEXT_WITH_ERRORS
from zhongshu.base.roles import AdminRole
from zhongshu.proofreader import MAX_CHARS
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes(*paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_business_person_sees_the_page_and_its_nav_entry(clerk_client):
    response = clerk_client.get("/proofread/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/proofread/" aria-current="page">校对</a>' in html
    assert 'id="proofread-text"' in html


@pytest.mark.parametrize("role", list(AdminRole))
def test_the_three_administrators_are_refused(db, role):
    client = sign_in(Client(), make_admin(role))
    assert client.get("/proofread/").status_code == 403
    assert client.post("/proofread/accept/", {"text": "x", "accept": "0:1:x"}).status_code == 403
    assert client.post("/proofread/download/", {"text": "x"}).status_code == 403
    assert ">校对</a>" not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(db):
    response = Client().get("/proofread/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_pasted_text_comes_back_highlighted_with_the_findings_listed(clerk_client):
    html = clerk_client.post("/proofread/", {"text": TEXT_WITH_ERRORS}).content.decode()
    assert (
        '精心<a class="pf pf-typo pf-error" href="#pf-1" data-findings="pf-1" '
        'title="词语写法有误：“布署”应为“部署”">布署</a>'
    ) in html
    assert 'class="pf pf-punctuation pf-error"' in html
    assert "发现 3 处问题：错误 3 处，提示 0 处" in html
    assert "中文文本中应使用全角标点“，”" in html
    assert html.count('name="accept"') == 3


def test_accepting_without_htmx_returns_the_page_with_the_text_corrected(clerk_client):
    response = clerk_client.post(
        "/proofread/accept/", {"text": TEXT_WITH_ERRORS, "accept": "6:8:typo.wrong_word"}
    )
    html = response.content.decode()
    corrected = TEXT_WITH_ERRORS.replace("布署", "部署")
    assert response.status_code == 200
    assert f">{corrected}</textarea>" in html
    assert "已采纳：“布署”改为“部署”" in html
    assert "发现 2 处问题：错误 2 处，提示 0 处" in html
    assert f'<input type="hidden" name="text" value="{corrected}">' in html


def test_accepting_with_htmx_swaps_the_results_and_the_text_box(clerk_client):
    response = clerk_client.post(
        "/proofread/accept/",
        {"text": TEXT_WITH_ERRORS.replace("，", "，\r\n"), "accept": "20:21:punctuation.half_width"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    corrected = "各乡镇要精心布署，\n确保各项任务按时完成，认真贯切落实省委全会精神。"
    assert response.status_code == 200
    assert html.startswith('<section id="proofread-results"')
    assert "<html" not in html
    assert (
        f'<textarea id="proofread-text" name="text" rows="12" hx-swap-oob="true">{corrected}</textarea>'
        in html
    )
    assert "已采纳：“,”改为“，”" in html
    assert "HX-Request" in response["Vary"]


def test_a_stale_accept_is_refused_with_a_message_and_fresh_findings(clerk_client):
    already = TEXT_WITH_ERRORS.replace("布署", "部署")
    response = clerk_client.post("/proofread/accept/", {"text": already, "accept": "6:8:typo.wrong_word"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "该处已修改或已无可采纳的建议，请重新校对" in html
    assert "发现 2 处问题" in html


def test_a_malformed_accept_value_is_a_message(clerk_client):
    response = clerk_client.post("/proofread/accept/", {"text": "abc", "accept": "x"})
    assert response.status_code == 422
    assert "请选择要采纳的建议" in response.content.decode()


def test_download_gives_the_text_as_utf8_txt(clerk_client):
    response = clerk_client.post("/proofread/download/", {"text": "第一行\r\n第二行", "format": "txt"})
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E6%A0%A1%E5%AF%B9%E5%90%8E%E6%96%87%E6%9C%AC.txt"
    )
    assert response.content == "第一行\n第二行".encode()


def test_download_gives_a_docx_with_one_paragraph_per_line(clerk_client):
    response = clerk_client.post("/proofread/download/", {"text": "第一行\n第二\x07行", "format": "docx"})
    assert response["Content-Type"] == DOCX
    document = docx.Document(io.BytesIO(response.content))
    assert [p.text for p in document.paragraphs] == ["第一行", "第二 行"]


def test_an_uploaded_docx_is_read_paragraph_by_paragraph(clerk_client):
    upload = SimpleUploadedFile("通知.docx", docx_bytes("关于做好工作的通知", "各乡镇要精心布署。"), DOCX)
    html = clerk_client.post("/proofread/", {"text": "", "docx": upload}).content.decode()
    assert ">关于做好工作的通知\n各乡镇要精心布署。</textarea>" in html
    assert "词语写法有误：“布署”应为“部署”" in html
    assert "第2行第7字" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "坏.docx",
            b"PK\x03\x04" + b"\x00" * 200,
            "上传的文件不是有效的 DOCX（Word）文档，请另存为 .docx 后重试",
        ),
        ("假.docx", "这不是文档".encode(), "上传的文件不是有效的 DOCX（Word）文档，请另存为 .docx 后重试"),
        ("空.docx", b"", "文件为空"),
        ("文本.txt", b"abc", "只能上传 .docx 格式的 Word 文档"),
    ],
)
def test_a_bad_upload_is_a_clear_message(clerk_client, name, content, message):
    response = clerk_client.post("/proofread/", {"docx": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    assert f'data-testid="proofread-problem">{message}</p>' in response.content.decode()


def test_a_docx_with_a_damaged_part_is_a_clear_message(clerk_client):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document")
    response = clerk_client.post("/proofread/", {"docx": SimpleUploadedFile("损坏.docx", out.getvalue())})
    assert response.status_code == 422
    assert "DOCX 文件已损坏，无法读取其中的文字" in response.content.decode()


def test_a_text_over_the_limit_is_a_clear_message(clerk_client):
    response = clerk_client.post("/proofread/", {"text": "文" * (MAX_CHARS + 1)})
    assert response.status_code == 422
    assert "文本共1,000,001字，超过单次校对1,000,000字的上限，请分段校对" in response.content.decode()


def test_a_request_over_the_upload_limit_is_a_clear_message(clerk_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = clerk_client.post("/proofread/", {"text": "文" * 1000})
    assert response.status_code == 422
    assert "提交的内容过大，请分段校对或改为上传 DOCX 文件" in response.content.decode()


def test_control_characters_and_empty_text_do_not_break_the_page(clerk_client):
    assert "未发现问题" in clerk_client.post("/proofread/", {"text": ""}).content.decode()
    response = clerk_client.post("/proofread/", {"text": "abc\x00\x1b<script>x</script>"})
    assert response.status_code == 200
    assert "<script>x" not in response.content.decode()


def test_the_statistical_layer_runs_by_default_and_rules_only_leaves_it_out_even_after_accepting(
    clerk_client,
):
    text = "本次培训载县委党校举行，为期三天。"
    page = clerk_client.get("/proofread/").content.decode()
    assert '<input type="checkbox" name="rules_only" value="1"> 仅按规则校对' in page
    html = clerk_client.post("/proofread/", {"text": text}).content.decode()
    assert 'class="pf pf-typo pf-warning"' in html
    assert "疑似音近错字：“载”可能应为“在”（统计模型提示，请核对）" in html
    assert "发现 1 处问题：错误 0 处，提示 1 处" in html
    assert 'name="rules_only"' not in html.split('class="pf-result"')[1]  # the accept form keeps the default
    response = clerk_client.post("/proofread/accept/", {"text": text, "accept": "4:5:typo.statistical"})
    assert "已采纳：“载”改为“在”" in response.content.decode()
    # A form of the time when the layer was opt-in still gets it.
    assert (
        "发现 1 处问题"
        in clerk_client.post("/proofread/", {"text": text, "statistical": "1"}).content.decode()
    )

    rules_only = clerk_client.post("/proofread/", {"text": text, "rules_only": "1"}).content.decode()
    assert "未发现问题" in rules_only
    assert '<input type="checkbox" name="rules_only" value="1" checked>' in rules_only
    typo = "各乡镇要精心布署，本次培训载县委党校举行。"
    html = clerk_client.post("/proofread/", {"text": typo, "rules_only": "1"}).content.decode()
    assert '<input type="hidden" name="rules_only" value="1">' in html
    response = clerk_client.post(
        "/proofread/accept/", {"text": typo, "rules_only": "1", "accept": "6:8:typo.wrong_word"}
    )
    accepted = response.content.decode()
    assert "已采纳：“布署”改为“部署”" in accepted
    assert "未发现问题" in accepted  # still rules only: 载 is not suggested after accepting


def test_a_statistical_suggestion_shows_how_sure_the_model_is(clerk_client):
    from zhongshu.proofreader import check

    text = "本次培训载县委党校举行，为期三天。"
    [finding] = check(text, statistical=True)
    html = clerk_client.post("/proofread/", {"text": text}).content.decode()
    confidence = finding.confidence
    assert confidence is not None
    expected = "把握较大" if confidence >= 0.8 else "把握一般" if confidence >= 0.5 else "把握较小"
    assert f'<span class="pf-sureness" data-testid="finding-sureness">{expected}</span>' in html
    rule_html = clerk_client.post("/proofread/", {"text": "各乡镇要精心布署。"}).content.decode()
    assert "把握" not in rule_html

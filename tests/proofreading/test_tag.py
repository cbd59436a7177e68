"""`{% proofread_findings text %}`, the fragment other modules (the documents review step) include."""

from django.template import Context, Template

from tests.proofreading.conftest import TEXT_WITH_ERRORS
from zhongshu.proofreader import MAX_CHARS


def render(source, **context):
    return Template("{% load proofreading_tags %}" + source).render(Context(context))


def test_the_tag_checks_the_text_and_lists_findings_read_only():
    html = render("{% proofread_findings body %}", body=TEXT_WITH_ERRORS)
    assert 'class="pf pf-typo pf-error"' in html
    assert 'class="pf pf-punctuation pf-error"' in html
    assert "发现 3 处问题：错误 3 处，提示 0 处" in html
    assert "词语写法有误：“布署”应为“部署”" in html
    assert "采纳" not in html and "<form" not in html


def test_the_tag_takes_findings_given_to_it():
    html = render("{% proofread_findings body findings %}", body="一切正常", findings=[])
    assert "未发现问题" in html


def test_the_tag_offers_accept_buttons_with_an_accept_url():
    html = render('{% proofread_findings body accept_url="/proofread/accept/" %}', body=TEXT_WITH_ERRORS)
    assert 'hx-post="/proofread/accept/"' in html
    assert 'value="6:8:typo.wrong_word"' in html


def test_the_tag_says_when_a_text_is_too_long():
    html = render("{% proofread_findings body %}", body="文" * (MAX_CHARS + 1))
    assert "文本共1,000,001字，超过单次校对1,000,000字的上限，请分段校对" in html

"""The 检索 page, its htmx partial and the API: results, counts, errors as messages and codes."""

import pytest
from django.test import Client

from zhongshu.base.levels import Classification, Clearance
from zhongshu.testing import factories
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for():
    def make(user):
        return sign_in(Client(raise_request_exception=False), user)

    return make


def test_the_page_shows_results_with_count_highlight_and_link(make_document, clerk, client_for):
    document = make_document(title="关于做好防汛工作的通知", body="各乡镇要<b>切实</b>做好防汛抗旱工作。")
    response = client_for(clerk.user).get("/search/", {"q": "防汛"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共 1 条" in html
    assert f'href="/documents/{document.pk}/"' in html
    assert "<mark>防汛</mark>" in html
    assert "&lt;b&gt;切实&lt;/b&gt;" in html and "<b>切实</b>" not in html
    assert document.doc_number in html
    assert 'value="防汛"' in html


def test_the_nav_offers_search_to_business_people_only(clerk, system_admin, client_for):
    assert 'href="/search/"' in client_for(clerk.user).get("/").content.decode()
    assert 'href="/search/"' not in client_for(system_admin).get("/").content.decode()


def test_the_htmx_partial_holds_only_the_results_and_pushes_the_page_address(
    make_document, clerk, client_for
):
    make_document(title="防汛通知")
    response = client_for(clerk.user).get(
        "/search/results/", {"q": "防汛", "kind": "document"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "共 1 条" in html
    assert response["HX-Push-Url"] == "/search/?q=%E9%98%B2%E6%B1%9B&kind=document"


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({"q": "，。！"}, "empty_query", "不能只有标点"),
        ({"q": "防" * 10_000}, "query_too_long", "检索词过长"),
        ({"q": "防汛", "kind": "bogus"}, "invalid_filter", "类型无效"),
        ({"q": "防汛", "year": "二〇二六"}, "invalid_filter", "年度无效"),
        ({"q": "防汛", "unit": "-1"}, "invalid_filter", "单位无效"),
        ({"q": "防汛", "classification": "9"}, "invalid_filter", "密级无效"),
        ({"q": "防汛", "page": "999"}, "page_out_of_range", "最多显示"),
    ],
)
def test_bad_input_gives_a_message_on_the_page_and_a_code_in_the_api(
    clerk, client_for, params, code, message
):
    client = client_for(clerk.user)
    page = client.get("/search/", params)
    assert page.status_code == 400 and message in page.content.decode()
    partial = client.get("/search/results/", params, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and message in partial.content.decode()
    api = client.get("/api/search/", params)
    assert api.status_code == 400
    assert api.json()["code"] == code and message in api.json()["message"]


def test_the_api_answers_count_and_results(make_document, clerk, client_for):
    document = make_document(title="防汛通知", body="做好防汛工作", classification=Classification.INTERNAL)
    body = client_for(clerk.user).get("/api/search/", {"q": "防汛"}).json()
    assert body["count"] == 1 and body["capped"] is False and body["page"] == 1
    (hit,) = body["results"]
    assert hit["kind"] == "document" and hit["kind_label"] == "公文"
    assert hit["url"] == f"/documents/{document.pk}/" and hit["reference"] == document.doc_number
    assert hit["title_hit"] is True and "<mark>防汛</mark>" in hit["snippet_html"]


def test_the_api_is_in_the_openapi_schema(clerk, client_for):
    schema = client_for(clerk.user).get("/api/openapi.json").json()
    assert "/api/search/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert {"q", "kind", "year", "unit", "classification", "page"} <= parameters


def test_administrators_are_refused_and_the_anonymous_sent_to_sign_in(system_admin, client_for):
    assert client_for(system_admin).get("/search/", {"q": "防汛"}).status_code == 403
    answer = client_for(system_admin).get("/api/search/", {"q": "防汛"})
    assert answer.status_code == 403
    assert "三员不检索" in answer.json()["message"]
    assert Client().get("/search/", {"q": "防汛"}).status_code == 302
    assert Client().get("/api/search/", {"q": "防汛"}).status_code == 401


def test_a_hidden_record_changes_neither_rows_nor_count(make_document, office, client_for):
    """The issue's story: a user without clearance searches a phrase from a closed secret document's body."""
    uncleared = factories.make_person("无涉密人员", unit=office, clearance=Clearance.NONE)
    make_document(title="关于汛期值班的通知", body="严格执行汛期二十四小时值班制度。")
    make_document(
        title="防汛物资调拨方案",
        body="严格执行汛期二十四小时值班制度，确保物资调拨到位。",
        classification=Classification.SECRET,
    )
    html = client_for(uncleared.user).get("/search/", {"q": '"汛期二十四小时值班"'}).content.decode()
    assert "共 1 条" in html and "防汛物资调拨方案" not in html and "确保物资" not in html
    api = client_for(uncleared.user).get("/api/search/", {"q": '"汛期二十四小时值班"'}).json()
    assert api["count"] == 1 and [r["title"] for r in api["results"]] == ["关于汛期值班的通知"]


def test_the_page_and_api_say_when_a_count_is_a_lower_bound(make_document, clerk, client_for, monkeypatch):
    from zhongshu.search import selectors

    monkeypatch.setattr(selectors, "VERIFY_SAMPLE", 3)
    monkeypatch.setattr(selectors, "VERIFY_BUDGET", 6)
    make_document(title="汇报", body="要求防汛值班。")
    for _ in range(8):  # the newest: the budget is spent on them
        make_document(title="安排", body="防汛，汛值得一提，值班")
    client = client_for(clerk.user)
    body = client.get("/search/results/", {"q": '"防汛值班"'}).content.decode()
    assert "至少 0 条" in body and "只核对了最近的 6 条候选" in body
    assert client.get("/api/search/", {"q": '"防汛值班"'}).json()["count_is"] == "at_least"

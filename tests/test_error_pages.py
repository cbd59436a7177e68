"""Error pages speak Chinese: a missing page, a refused request and a server error never show Django's English."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import permission_denied

from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person, make_unit


@pytest.mark.django_db
def test_a_missing_page_reads_in_chinese(client):
    clerk = make_person("王文书", unit=make_unit("县委办公室"))
    signed_in = sign_in(client, clerk.user)
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "返回工作台" in page and "Not Found" not in page


@pytest.mark.django_db
def test_a_refusal_reads_in_chinese(rf: RequestFactory):
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "无权访问" in response.content.decode() and "Forbidden" not in response.content.decode()
    assert 'data-testid="error-reason"' not in response.content.decode()  # no reason given, none shown


@pytest.mark.django_db
def test_a_refusal_gives_the_views_reason(client, system_admin):
    response = sign_in(client, system_admin).get("/search/", {"q": "防汛"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page
    assert (
        '<p class="reason" data-testid="error-reason">原因：只有登记在人员名录中的工作人员可以检索业务记录（三员不检索）</p>'
        in page
    )


def test_the_server_error_page_needs_no_request_context():
    page = render_to_string("500.html")
    assert "系统出错" in page and "没有保存" in page

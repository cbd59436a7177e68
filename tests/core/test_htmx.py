"""One rule for htmx fragments: a swap gets the fragment, a history restore or a plain visit the page."""

from django.test import RequestFactory
from django_htmx.middleware import HtmxMiddleware

from zhongshu.core.htmx import wants_fragment


def _request(**headers):
    request = RequestFactory().get("/", headers=headers)
    HtmxMiddleware(lambda r: None)(request)
    return request


def test_an_htmx_swap_wants_the_fragment_and_a_history_restore_the_whole_page():
    assert wants_fragment(_request(HX_Request="true"))
    assert not wants_fragment(_request(HX_Request="true", HX_History_Restore_Request="true"))
    assert not wants_fragment(_request())

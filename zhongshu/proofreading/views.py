"""The 校对 page: paste or upload, see the findings, accept a suggestion, download the corrected text.

Every view is a POST of the whole text (nothing is kept on the server); with htmx, accepting a suggestion
swaps only the results and the text box, without it the whole page comes back.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ServiceError
from zhongshu.core.htmx import vary, wants_fragment
from zhongshu.proofreading.access import proofreader_required
from zhongshu.proofreading.checking import proofread_text, suggestion_accept
from zhongshu.proofreading.docx_files import docx_from_text, docx_read_text

TOO_BIG = "提交的内容过大，请分段校对或改为上传 DOCX 文件"


def _statistical(data: Any) -> bool:
    # The statistical layer runs unless the person ticks 仅按规则校对; a form of the time when it was
    # opt-in (statistical=1) gets the default.
    return data.get("rules_only") != "1"


DOWNLOAD_NAME = "校对后文本"


def _text(data: Any) -> str:
    # Browsers send CRLF in form fields; the page shows one newline, and offsets must count one.
    return str(data.get("text", "")).replace("\r\n", "\n")


def _form(request: HttpRequest) -> tuple[Any, Any]:
    try:
        return request.POST, request.FILES
    except RequestDataTooBig:
        raise ServiceError(TOO_BIG, code="request_too_big") from None


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("text", context["result"].text if context.get("result") else "")
    return vary(render(request, "proofreading/page.html", context, status=status))


@proofreader_required
def proofread_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, {"statistical": True})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    statistical = True
    text = ""
    try:
        data, files = _form(request)
        statistical = _statistical(data)
        text = _text(data)
        uploaded = files.get("docx")
        if uploaded is not None:
            text = docx_read_text(uploaded=uploaded)
        result = proofread_text(text=text, statistical=statistical)
    except ServiceError as error:
        keep = text if len(text) <= 200_000 else ""  # a huge paste is not echoed back into the page
        return _page(request, {"problem": error.message, "text": keep, "statistical": statistical}, 422)
    return _page(request, {"result": result, "statistical": statistical})


@require_POST
@proofreader_required
def proofread_accept(request: HttpRequest) -> HttpResponse:
    statistical = True
    text = ""
    try:
        data, _ = _form(request)
        text = _text(data)
        statistical = _statistical(data)
        start, end, rule_id = _accept_target(data.get("accept", ""))
        result, finding = suggestion_accept(
            text=text, start=start, end=end, rule_id=rule_id, statistical=statistical
        )
        context: dict[str, Any] = {
            "result": result,
            "statistical": statistical,
            "accepted": {"flagged": text[start:end], "suggestion": finding.suggestion},
        }
        status = 200
    except ServiceError as error:
        context = {"problem": error.message, "statistical": statistical}
        status = 422
        try:
            context["result"] = proofread_text(text=text, statistical=statistical)
        except ServiceError:
            context["text"] = ""
    if wants_fragment(request):
        context.setdefault("text", context["result"].text if context.get("result") else "")
        # htmx swaps only 2xx answers by default; the problem message is part of the fragment.
        return vary(render(request, "proofreading/_accepted.html", context))
    return _page(request, context, status)


def _accept_target(value: str) -> tuple[int, int, str]:
    start, _, rest = value.partition(":")
    end, _, rule_id = rest.partition(":")
    if not (start.isdigit() and end.isdigit() and rule_id):
        raise ServiceError("请选择要采纳的建议", code="invalid_accept")
    return int(start), int(end), rule_id


@require_POST
@proofreader_required
def proofread_download(request: HttpRequest) -> HttpResponse:
    try:
        data, _ = _form(request)
    except ServiceError as error:
        return _page(request, {"problem": error.message}, 422)
    text = _text(data)
    if data.get("format") == "docx":
        response = HttpResponse(
            docx_from_text(text),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        filename = f"{DOWNLOAD_NAME}.docx"
    else:
        response = HttpResponse(text.encode("utf-8"), content_type="text/plain; charset=utf-8")
        filename = f"{DOWNLOAD_NAME}.txt"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    return response

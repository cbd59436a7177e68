"""TEST-ONLY routes shaped like a business module's: a page, a JSON detail and a list with search."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from tests.access_testapp.models import MatrixRecord
from zhongshu.access.policy import RecordNotFound, get_for, visible


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_for(request.user, MatrixRecord, pk)
    return HttpResponse(f"<h1>{record.title}</h1>")


def api_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"code": "unauthenticated", "message": "请先登录"}, status=401)
    try:
        record = get_for(request.user, MatrixRecord, pk)
    except RecordNotFound:
        return JsonResponse({"code": "not_found", "message": RecordNotFound.message}, status=404)
    return JsonResponse({"id": record.pk, "title": record.title})


@login_required
def listing(request: HttpRequest) -> HttpResponse:
    records = visible(MatrixRecord.objects.all(), request.user)
    if request.GET.get("q"):
        records = records.filter(title__contains=request.GET["q"])
    return HttpResponse("".join(f"<li>{record.title}</li>" for record in records))


def leaky_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Deliberately wrong (no policy): the helper's own tests prove it catches this."""
    record = get_object_or_404(MatrixRecord, pk=pk)
    return HttpResponse(f"<h1>{record.title}</h1>")


@login_required
def leaky_listing(request: HttpRequest) -> HttpResponse:
    """Deliberately wrong: filters by clearance level only, forgetting need-to-know."""
    records = MatrixRecord.objects.filter(classification__lte=1)
    if request.GET.get("all"):
        records = MatrixRecord.objects.all()
    return HttpResponse("".join(f"<li>{record.title}</li>" for record in records))

from django.urls import include, path

from zhongshu.api import api

urlpatterns = [
    path("", include("zhongshu.web.urls")),
    path("accounts/", include("zhongshu.accounts.urls")),
    path("org/", include("zhongshu.org.urls")),
    path("audit/", include("zhongshu.audit.urls")),
    path("calendar/", include("zhongshu.workdays.urls")),
    path("workflow/", include("zhongshu.workflow.urls")),
    path("notices/", include("zhongshu.notifications.urls")),
    path("files/", include("zhongshu.attachments.urls")),
    path("quotas/", include("zhongshu.quotas.urls")),
    path("documents/", include("zhongshu.documents.urls")),
    path("supervision/", include("zhongshu.supervision.urls")),
    path("proofread/", include("zhongshu.proofreading.urls")),
    path("search/", include("zhongshu.search.urls")),
    path("archives/", include("zhongshu.archives.urls")),
    path("materials/", include("zhongshu.materials.urls")),
    path("meetings/", include("zhongshu.meetings.urls")),
    path("duty/", include("zhongshu.duty.urls")),
    path("information/", include("zhongshu.information.urls")),
    path("reporting/", include("zhongshu.reporting.urls")),
    path("secrecy/", include("zhongshu.secrecy.urls")),
    path("api/", api.urls),
]

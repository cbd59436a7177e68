from django.urls import path

from zhongshu.documents import views
from zhongshu.documents.quotas import DOCUMENTS_QUOTA
from zhongshu.quotas import views as quotas_views

app_name = "documents"
urlpatterns = [
    path("", views.outgoing_list, name="home"),
    path("new/", views.draft_new, name="new"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("incoming/new/", views.incoming_new, name="incoming_new"),
    path("registers/outgoing/", views.outgoing_register_page, name="register_outgoing"),
    path("registers/incoming/", views.incoming_register_page, name="register_incoming"),
    path("stats/", views.stats_page, name="stats"),
    path("errors/", views.errors_page, name="errors"),
    # 发文额度: the 额度 page with the kind fixed to 发文 (its address before quotas covered meetings).
    path("quotas/", quotas_views.quotas_page, {"kind": DOCUMENTS_QUOTA}, name="quotas"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.draft_edit, name="edit"),
    path("<int:pk>/review/", views.review_page, name="review"),
    path("<int:pk>/docx/", views.download_docx, name="docx"),
    path("<int:pk>/pdf/", views.download_pdf, name="pdf"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
]

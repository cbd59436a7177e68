from django.urls import path

from zhongshu.reporting import (
    views,
    views_checklist,
    views_compliance,
    views_filings,
    views_major,
)

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    *views_checklist.urlpatterns,
    *views_filings.urlpatterns,
    *views_compliance.urlpatterns,
    *views_major.urlpatterns,
]

from django.urls import path

from zhongshu.information import (
    views,
    views_commissions,
    views_instructions,
    views_publications,
    views_scoring,
    views_screening,
    views_submissions,
)

app_name = "information"
urlpatterns = [
    path("", views.home, name="home"),
    *views_submissions.urlpatterns,
    *views_screening.urlpatterns,
    *views_publications.urlpatterns,
    *views_scoring.urlpatterns,
    *views_commissions.urlpatterns,
    *views_instructions.urlpatterns,
]

from django.urls import path

from zhongshu.duty import (
    views,
    views_incidents,
    views_logbook,
    views_plans,
    views_rosters,
    views_spotchecks,
    views_swaps,
    views_whereabouts,
)

app_name = "duty"
urlpatterns = [
    path("", views.home, name="home"),
    *views_rosters.urlpatterns,
    *views_swaps.urlpatterns,
    *views_logbook.urlpatterns,
    *views_spotchecks.urlpatterns,
    *views_incidents.urlpatterns,
    *views_plans.urlpatterns,
    *views_whereabouts.urlpatterns,
]

from django.urls import path

from zhongshu.meetings import (
    views,
    views_agenda,
    views_application,
    views_minutes,
    views_notice,
    views_schedule,
    views_scheduling,
    views_seating,
    views_secrecy,
    views_signin,
)

app_name = "meetings"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.meeting, name="meeting"),
    *views_application.urlpatterns,
    *views_scheduling.urlpatterns,
    *views_notice.urlpatterns,
    *views_seating.urlpatterns,
    *views_signin.urlpatterns,
    *views_agenda.urlpatterns,
    *views_secrecy.urlpatterns,
    *views_minutes.urlpatterns,
    *views_schedule.urlpatterns,
]

from django.urls import path

from zhongshu.secrecy import (
    views,
    views_carriers,
    views_classification,
    views_duties,
    views_inspection,
    views_inventory,
    views_personnel,
    views_publication,
    views_secondees,
)

app_name = "secrecy"
urlpatterns = [
    path("", views.home, name="home"),
    *views_classification.urlpatterns,
    *views_carriers.urlpatterns,
    *views_inventory.urlpatterns,
    *views_personnel.urlpatterns,
    *views_secondees.urlpatterns,
    *views_publication.urlpatterns,
    *views_inspection.urlpatterns,
    *views_duties.urlpatterns,
]

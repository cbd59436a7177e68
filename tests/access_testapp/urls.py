from django.urls import path

from tests.access_testapp import views
from zhongshu.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("matrix/records/", views.listing),
    path("matrix/records/<int:pk>/", views.detail),
    path("matrix/api/records/<int:pk>", views.api_detail),
    path("matrix/leaky/<int:pk>/", views.leaky_detail),
    path("matrix/leaky/", views.leaky_listing),
    *project_urlpatterns,
]

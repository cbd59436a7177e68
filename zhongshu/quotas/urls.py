from django.urls import path

from zhongshu.quotas import views

app_name = "quotas"
urlpatterns = [
    path("", views.quotas_page, name="page"),
]

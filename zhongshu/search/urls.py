from django.urls import path

from zhongshu.search import views

app_name = "search"

urlpatterns = [
    path("", views.home, name="home"),
    path("results/", views.results, name="results"),
]

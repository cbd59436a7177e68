from django.urls import path

from zhongshu.web import favicon, views

app_name = "web"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("favicon.ico", favicon.favicon, name="favicon"),
]

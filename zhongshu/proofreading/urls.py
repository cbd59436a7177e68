from django.urls import path

from zhongshu.proofreading import views

app_name = "proofreading"
urlpatterns = [
    path("", views.proofread_page, name="page"),
    path("accept/", views.proofread_accept, name="accept"),
    path("download/", views.proofread_download, name="download"),
]

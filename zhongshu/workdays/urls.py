from django.urls import path

from zhongshu.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("enter/", views.enter, name="enter"),
    path("import/", views.import_file, name="import"),
]

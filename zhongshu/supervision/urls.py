from django.urls import path

from zhongshu.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.my_unit, name="mine"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/<int:pk>/<slug:action>/", views.item_act, name="act"),
    path("files/<int:pk>/", views.report_file, name="file"),
    path("reminders/<int:pk>/docx/", views.reminder_docx, name="reminder_docx"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("import/", views.import_xlsx, name="import"),
    path("wall/", views.wall, name="wall"),
    path("bulletin.docx", views.bulletin, name="bulletin"),
    path("problem-lists/", views.problem_lists, name="problem_lists"),
    path("problem-lists/new/", views.problem_list_new, name="problem_list_new"),
    path("problem-lists/<int:pk>/", views.problem_list_page, name="problem_list"),
    path("thresholds/", views.thresholds, name="thresholds"),
]

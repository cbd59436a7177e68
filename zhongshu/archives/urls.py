from django.urls import path

from zhongshu.archives import views

app_name = "archives"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalogue.xlsx", views.export_xlsx, name="export"),
    path("pending/", views.pending, name="pending"),
    path("pending/<slug:kind>/<int:pk>/file/", views.file_action, name="file"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/<int:pk>/<slug:action>/", views.item_act, name="act"),
    path("files/<int:pk>/", views.file_download, name="download"),
    path("uses/", views.uses, name="uses"),
    path("uses/<int:pk>/<slug:action>/", views.use_act, name="use_act"),
    path("appraisal/", views.appraisal, name="appraisal"),
    path("import/", views.import_xlsx, name="import"),
    path("stats/", views.stats, name="stats"),
]

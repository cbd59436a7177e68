from django.urls import path

from zhongshu.materials import views

app_name = "materials"

urlpatterns = [
    path("", views.library, name="library"),
    path("upload/", views.upload, name="upload"),
    path("bulk/", views.bulk_upload, name="bulk"),
    path("batches/<int:pk>/", views.batch_page, name="batch"),
    path("<int:pk>/", views.material_page, name="material"),
    path("<int:pk>/tags/", views.material_tags, name="tags"),
    path("<int:pk>/edit/", views.material_edit, name="edit"),
    path("<int:pk>/withdraw/", views.material_withdraw, name="withdraw"),
    path("<int:pk>/original/", views.original_file, name="original"),
    path("key-sentences/", views.key_sentence_list, name="key_sentences"),
    path("key-sentences/<int:pk>/pin/", views.key_sentence_pin, name="pin"),
    path("problems/", views.problem_bank, name="problems"),
    path("problems/<int:pk>/status/", views.problem_status, name="problem_status"),
]

from django.urls import path

from zhongshu.workflow import views

app_name = "workflow"
urlpatterns = [
    path("steps/<int:pk>/", views.step_page, name="step"),
    path("steps/<int:pk>/approve/", views.step_approve_view, name="approve"),
    path("steps/<int:pk>/circle/", views.step_circle_view, name="circle"),
    path("steps/<int:pk>/return/", views.step_return_view, name="return"),
    path("<int:pk>/", views.workflow_page, name="detail"),
]

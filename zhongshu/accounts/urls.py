from django.urls import path

from zhongshu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/otp/", views.otp, name="otp"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("me/", views.me, name="me"),
    path("reset/", views.reset_redeem, name="reset_redeem"),
    path("resets/", views.resets_awaiting, name="resets"),
    path("roles/<int:pk>/", views.roles, name="roles"),
    path("resets/<int:pk>/reveal/", views.reset_reveal, name="reset_reveal"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.manage_create, name="manage_create"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/disable/", views.manage_disable, name="manage_disable"),
    path("manage/<int:pk>/enable/", views.manage_enable, name="manage_enable"),
    path("manage/<int:pk>/unlock/", views.manage_unlock, name="manage_unlock"),
    path("manage/<int:pk>/reset-password/", views.manage_reset_password, name="manage_reset_password"),
]

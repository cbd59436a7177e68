from django.urls import path

from zhongshu.org import manage_views as manage
from zhongshu.org import security_views as security
from zhongshu.org import views

app_name = "org"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("me/", views.my_card, name="me"),
    path("picker/people/", views.picker_people, name="picker_people"),
    path("picker/units/", views.picker_units, name="picker_units"),
    path("manage/", manage.manage_home, name="manage"),
    path("manage/units/new/", manage.unit_new, name="manage_unit_new"),
    path("manage/units/<int:pk>/", manage.unit_edit, name="manage_unit"),
    path("manage/units/<int:unit_pk>/departments/new/", manage.department_new, name="manage_department_new"),
    path("manage/departments/<int:pk>/", manage.department_edit, name="manage_department"),
    path("manage/people/", manage.people_list, name="manage_people"),
    path("manage/people/new/", manage.person_new, name="manage_person_new"),
    path("manage/people/<int:pk>/", manage.person_edit, name="manage_person"),
    # The security administrator's console: its writes are zhongshu.access.services.
    path("security/", security.console, name="security"),
    path("security/people/<int:pk>/", security.person_clearance, name="security_person"),
    path("security/people/<int:pk>/placement/", security.person_placement, name="security_placement"),
    path("security/people/<int:pk>/posts/", security.person_posts, name="security_posts"),
    path("security/grants/", security.grants, name="security_grants"),
    path("security/grants/<int:pk>/revoke/", security.grant_revoke, name="security_grant_revoke"),
    path("security/policy/", security.policy, name="security_policy"),
]

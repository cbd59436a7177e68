from django.apps import AppConfig


class AccessTestAppConfig(AppConfig):
    name = "tests.access_testapp"
    label = "access_testapp"
    verbose_name = "访问矩阵测试（仅测试）"

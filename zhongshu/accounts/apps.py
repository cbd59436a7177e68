from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhongshu.accounts"
    label = "accounts"

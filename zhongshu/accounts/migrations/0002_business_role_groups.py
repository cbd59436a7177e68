"""The business roles as groups, one per `accounts.roles.Role` value (listed here as they were then)."""

from django.db import migrations

ROLE_GROUPS = (
    "clerk",
    "supervisor",
    "info_officer",
    "duty_officer",
    "secrecy_officer",
    "archivist",
    "office_director",
    "leader",
    "liaison",
)


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

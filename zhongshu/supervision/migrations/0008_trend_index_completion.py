# The overdue trend tests the completion request too (an item is no longer late once it asked for completion):
# the trend index carries it, so the trend still reads the index alone.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0007_event_by_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="supervisionitem",
            name="sup_item_trend",
        ),
        migrations.AddIndex(
            model_name="supervisionitem",
            index=models.Index(
                fields=["closed_on", "deadline", "assigned_on", "classification", "completion_requested_at"],
                name="sup_item_trend",
            ),
        ),
    ]

# The scheduling part's schema changes after 0001: the indexes the conflict check reads (see
# zhongshu/meetings/scheduling.py and `zhongshu bench meetings`). Each part of the meetings module owns one such
# file beside the others, all merged by 0003_merge_parts, so parts built at the same time never fork the graph.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddIndex(
            model_name="attendee",
            index=models.Index(
                fields=["meeting", "person", "substitute", "reply"], name="attendee_meeting_takes"
            ),
        ),
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(fields=["leader", "starts_at", "ends_at"], name="engagement_leader_span"),
        ),
    ]

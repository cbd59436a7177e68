"""Items filed before the PDF 正本 kept their DOCX as 定稿正本: it becomes the 可编辑稿 and the item waits for its
PDF, which the `archives.fixed_copies` tick makes from that DOCX. Reversed, the DOCX is the 正本 again."""

from django.db import migrations


def docx_to_editable(apps, schema_editor):
    ArchiveFile = apps.get_model("archives", "ArchiveFile")
    ArchiveItem = apps.get_model("archives", "ArchiveItem")
    docx = ArchiveFile.objects.filter(role="final", name__iendswith=".docx")
    items = list(docx.values_list("item_id", flat=True).distinct())
    docx.update(role="editable")
    with_pdf = ArchiveFile.objects.filter(role="final", name__iendswith=".pdf").values("item_id")
    waiting = ArchiveItem.objects.filter(pk__in=items).exclude(state="destroyed").exclude(pk__in=with_pdf)
    waiting.update(fixed_copy_pending=True)


def editable_to_final(apps, schema_editor):
    ArchiveFile = apps.get_model("archives", "ArchiveFile")
    ArchiveItem = apps.get_model("archives", "ArchiveItem")
    ArchiveFile.objects.filter(role="editable").update(role="final")
    ArchiveItem.objects.filter(fixed_copy_pending=True).update(fixed_copy_pending=False)


class Migration(migrations.Migration):
    dependencies = [("archives", "0002_fixed_copy")]

    operations = [migrations.RunPython(docx_to_editable, editable_to_final)]

"""工作秘密 (issue 14): record in each existing document's 知悉范围 whom it already reached.

Until now the steps added people and units to the 知悉范围 of a state secret only; a 内部 document was known
to every business person. From now on a 内部 document is known to its unit and its 知悉范围, which every step
widens (documents.services.widen_knowledge). This migration does for the documents already in the database
what those steps would have done: the people of their workflows' steps (reviewers, countersigners, signers),
the units they were dispatched to, the leader asked to instruct, the handling units and the readers of a
circulation. It only adds, so running it again changes nothing.
"""

from __future__ import annotations

from django.db import migrations

BATCH = 2000


def widen(apps, schema_editor):  # type: ignore[no-untyped-def]
    document_model = apps.get_model("documents", "OfficialDocument")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    step_model = apps.get_model("workflow", "Step")
    dispatch_model = apps.get_model("documents", "Dispatch")
    handling_model = apps.get_model("documents", "Handling")
    slip_model = apps.get_model("documents", "CirculationSlip")
    people_through = document_model.need_to_know_people.through
    units_through = document_model.need_to_know_units.through
    document_type = content_type_model.objects.filter(app_label="documents", model="officialdocument").first()

    people: set[tuple[int, int]] = set()
    units: set[tuple[int, int]] = set()
    if document_type is not None:
        steps = step_model.objects.filter(workflow__content_type_id=document_type.pk)
        people |= set(steps.values_list("workflow__object_id", "assignee_id"))
    people |= set(slip_model.objects.values_list("document_id", "reader_id"))
    people |= {
        pair
        for pair in document_model.objects.filter(instruction_leader__isnull=False).values_list(
            "pk", "instruction_leader_id"
        )
    }
    units |= set(dispatch_model.objects.values_list("document_id", "recipient_unit_id"))
    units |= set(handling_model.objects.values_list("document_id", "unit_id"))

    have_people = set(people_through.objects.values_list("officialdocument_id", "person_id"))
    have_units = set(units_through.objects.values_list("officialdocument_id", "unit_id"))
    new_people = sorted(people - have_people)
    new_units = sorted(units - have_units)
    people_through.objects.bulk_create(
        [people_through(officialdocument_id=d, person_id=p) for d, p in new_people], batch_size=BATCH
    )
    units_through.objects.bulk_create(
        [units_through(officialdocument_id=d, unit_id=u) for d, u in new_units], batch_size=BATCH
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_archive_state_filed"),
        ("workflow", "0002_step_event_system_actor"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(widen, migrations.RunPython.noop)]

"""Form helpers shared by every app's pages."""

from __future__ import annotations

from typing import Any

from django import forms

from zhongshu.core.errors import ServiceError


def add_service_error(form: forms.BaseForm, error: ServiceError) -> None:
    """Show a service's refusal on the form: beside the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A multiple choice of records whose ids go through the one id reader (`core.inputs.parse_id`) and the
    list bound (`MAX_LIST`) before any query: Django's own field hands every value to `pk__in`, where an id
    past the column's range is an OverflowError on SQLite and an error on PostgreSQL (a 500 either way)."""

    def _check_values(self, value: Any) -> Any:
        from zhongshu.core.inputs import MAX_LIST, parse_id

        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if len(values) > MAX_LIST:
            raise forms.ValidationError(f"最多选择{MAX_LIST}项", code="invalid_list")
        if self.to_field_name is None:
            for raw in values:
                if parse_id(raw if not isinstance(raw, float) else str(raw)) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": raw}
                    )
        return super()._check_values(value)  # type: ignore[misc]  # Django API the stubs leave out

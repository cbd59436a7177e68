"""Form helpers shared by every app's pages."""

from __future__ import annotations

from django import forms

from zhongshu.core.errors import ServiceError


def add_service_error(form: forms.BaseForm, error: ServiceError) -> None:
    """Show a service's refusal on the form: beside the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)

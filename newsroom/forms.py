"""Form pieces shared by the apps' admin forms."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .dates import ACCEPTED_FORMS, format_partial_date, parse_typed_date


class PartialDateField(forms.CharField):
    """
    One text box for a date known to a day, a month or a year, typed as written
    ("2017", "2017-12", "December 2017", "14 December 2017"); cleans to (date, precision)
    or None when left empty.
    """

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", f"Type {ACCEPTED_FORMS}.")
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 18, "placeholder": "e.g. December 2017"}))
        super().__init__(max_length=40, **kwargs)

    def to_python(self, value: Any) -> tuple[datetime.date, str] | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_typed_date(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: Any) -> None:
        pass  # the length is checked on the text (max_length), not on the parsed pair


class PartialDatesForm(forms.ModelForm):
    """
    A model form whose partial dates (a date field and its precision field, named in
    `partial_dates` as {date field: precision field}) are one PartialDateField each: the
    precision is set from what was typed, never chosen apart from the date, and the
    stored value is shown at its precision ("December 2017", not 01/12/2017).
    """

    partial_dates: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for date_name, precision_name in self.partial_dates.items():
            self.fields.pop(precision_name, None)
            if date_name not in self.fields:
                continue
            old = self.fields[date_name]
            self.fields[date_name] = PartialDateField(label=old.label, disabled=old.disabled)
            value = getattr(self.instance, date_name, None)
            self.initial[date_name] = (
                format_partial_date(value, getattr(self.instance, precision_name)) if value is not None else ""
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        for date_name, precision_name in self.partial_dates.items():
            if date_name not in cleaned:
                continue
            parsed = cleaned[date_name]
            value, precision = parsed if parsed is not None else (None, "")
            cleaned[date_name] = value
            setattr(self.instance, precision_name, precision)
        return cleaned

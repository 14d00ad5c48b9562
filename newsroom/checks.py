"""System checks: no admin may show, filter, search, sort or drill down by a protected field."""

from django.contrib import admin
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from .protection import path_reaches_protected
from .security import require_secret_key

# ModelAdmin options that name field paths, and what each does with them.
PATH_OPTIONS = (
    "list_display",
    "list_display_links",
    "list_editable",
    "list_filter",
    "search_fields",
    "ordering",
    "sortable_by",
    "date_hierarchy",
    "readonly_fields",
)


def _paths(model_admin, option):
    value = getattr(model_admin, option, None) or ()
    if isinstance(value, str):
        value = [value]
    for item in value:
        if isinstance(item, list | tuple) and item:
            item = item[0]  # ("field", FilterClass)
        if isinstance(item, str):
            yield item.lstrip("-^=@")


@register(Tags.admin, Tags.security)
def check_protected_fields_stay_out_of_admin_lists(app_configs=None, **kwargs):
    return protected_field_errors(admin.site)


def protected_field_errors(site):
    """An error for each admin option of `site` that names a path reaching a protected field."""
    errors = []
    for model, model_admin in site._registry.items():
        for option in PATH_OPTIONS:
            for path in _paths(model_admin, option):
                if path_reaches_protected(model, path):
                    errors.append(
                        Error(
                            f"{type(model_admin).__name__}.{option} names {path!r}, which reaches a protected field.",
                            hint="Protected fields (newsroom.protection) are never a column, filter, search field "
                            "or sort key: users without the permission could read them through it.",
                            obj=type(model_admin),
                            id="newsroom.E001",
                        )
                    )
    return errors


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    """check --deploy (scripts/serve runs it): a key must be set when DEBUG is off."""
    try:
        require_secret_key()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="newsroom.E010")]
    return []

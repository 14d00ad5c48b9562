"""
Admin pieces shared by the apps: the site, which guards protected fields in every
registered admin (ours and third-party ones alike), history with guarded reverts,
and edit-conflict detection.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .paging import EstimatedCountPaginator
from .protection import hidden_fields, path_reaches_protected
from .services import record_delete, record_save
from .versioning import current_version, stale_edit_message, visible_changes


@admin.display(description="country", ordering="country")
def country_name(obj):
    """
    A record's country in a changelist. Django's display of the field itself rebuilds the
    250 countries' choices for every row (0.2 s of a 100-row page); the record's Country
    object knows its name.
    """
    return obj.country.name or None


def _without(fields, hidden):
    """`fields` (names or tuples of names on one line) without the names in `hidden`."""
    kept = []
    for item in fields:
        if isinstance(item, list | tuple):
            item = type(item)(name for name in item if name not in hidden)
            if item:
                kept.append(item)
        elif item not in hidden:
            kept.append(item)
    return kept


def _fieldsets_without(fieldsets, hidden):
    """`fieldsets` without the fields in `hidden`; a fieldset left empty goes too."""
    kept = []
    for name, options in fieldsets:
        fields = _without(options.get("fields", ()), hidden)
        if fields:
            kept.append((name, {**options, "fields": fields}))
    return kept


class GuardedFormsMixin:
    """
    For admins and inlines: forms never carry a protected field for a user without
    its permission, and versioned forms know who is saving (see VersionedForm).
    """

    def get_fieldsets(self, request, obj=None):
        hidden = hidden_fields(self.model, request.user)
        fieldsets = super().get_fieldsets(request, obj)
        return _fieldsets_without(fieldsets, hidden) if hidden else fieldsets

    def get_exclude(self, request, obj=None):
        hidden = hidden_fields(self.model, request.user)
        excluded = super().get_exclude(request, obj)
        return [*(excluded or []), *hidden] if hidden else excluded


class GuardedInline(GuardedFormsMixin):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.current_user = request.user
        return formset


_guarded_classes: dict[tuple[type, type], type] = {}


def guarded(cls, mixin):
    """`cls` with `mixin` in front (made once per class and mixin)."""
    if issubclass(cls, mixin):
        return cls
    if (cls, mixin) not in _guarded_classes:
        _guarded_classes[cls, mixin] = type(cls.__name__, (mixin, cls), {"__module__": cls.__module__})
    return _guarded_classes[cls, mixin]


class ProtectedFieldsAdmin(GuardedFormsMixin):
    """
    Mixed into every ModelAdmin the site registers. A URL lookup that reaches a
    protected field, from this model through any relation, is refused exactly as a
    lookup on a field that does not exist is (a redirect to ?e=1), before any query
    runs, whoever asks and whatever the value: no answer can depend on the note.
    Lookups Django itself disallows are answered the same way. Forms, the admin's
    and its inlines', never carry a protected field for a user without its permission.
    """

    def lookup_allowed(self, lookup, value, request=None):
        if path_reaches_protected(self.model, lookup) or not super().lookup_allowed(lookup, value, request):
            raise IncorrectLookupParameters(f"Filtering by {lookup} is not possible.")
        return True

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.current_user = request.user
        return form

    def get_inlines(self, request, obj):
        return [guarded(inline, GuardedInline) for inline in super().get_inlines(request, obj)]


@dataclass(frozen=True)
class DeskItem:
    """One line of the admin home's desk: "In review (3)", linked to the list of them."""

    label: str
    count: int
    url: str
    note: str = ""


# Each returns the desk lines for a request (apps register them in their ready(); see
# articles/apps.py): what waits for the person signed in, on the admin home.
_desk_sources: list[Callable[[HttpRequest], list[DeskItem]]] = []


def register_desk(source: Callable[[HttpRequest], list[DeskItem]]) -> None:
    _desk_sources.append(source)


class NewsroomAdminSite(admin.AdminSite):
    """The default admin site (see NewsroomAdminConfig): every admin gets the protected-field guard."""

    site_header = "Newsroom"
    site_title = "Newsroom admin"
    index_title = "Editorial database"
    index_template = "admin/newsroom_index.html"

    def index(self, request, extra_context=None):
        desk = [item for source in _desk_sources for item in source(request)]
        return super().index(request, {"desk": desk, **(extra_context or {})})

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin, ProtectedFieldsAdmin), **options)


class HistoryAdmin(ProtectedFieldsAdmin, SimpleHistoryAdmin):
    """
    Every change is listed with its author and a diff; reverting needs the app's
    `revert_history` permission. For a user who may not see a protected field, the
    list and the diffs leave it out, and a save that changed nothing else is not
    listed at all (nor can its old version be opened), so the history never shows
    that a hidden note changed.
    """

    # One COUNT per changelist page: Django would count the whole table again beside a filtered count.
    show_full_result_count = False
    # And that one from the database's statistics when the list is unfiltered and large.
    paginator = EstimatedCountPaginator

    def save_model(self, request, obj, form, change):
        # Rights, validation and history author in one place, as for imports.
        record_save(obj=obj, user=request.user)

    def delete_model(self, request, obj):
        record_delete(obj=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        """Inline records go through the same service, one by one, with the same checks."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_delete(obj=obj, user=request.user)
        for obj in instances:
            record_save(obj=obj, user=request.user)
        formset.save_m2m()

    def revert_permission(self):
        return f"{self.opts.app_label}.revert_history"

    def has_change_history_permission(self, request, obj=None):
        return request.user.has_perm(self.revert_permission()) and super().has_change_history_permission(request, obj)

    def _valid_ids(self, object_id, version_id=None):
        """404 for an address whose record or version id is not a valid id (not a server error)."""
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                self.model.history.model._meta.pk.to_python(version_id)
        except ValidationError:
            raise Http404("No such record.") from None

    def history_view(self, request, object_id, extra_context=None):
        self._valid_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def hidden_history_ids(self, request, object_id) -> set:
        """History records of the object that differ from the one before only in fields the user may not see."""
        if not hidden_fields(self.model, request.user):
            return set()
        pk_name = self.model._meta.pk.attname  # the history table's own pk is history_id
        records = list(self.model.history.filter(**{pk_name: object_id}).order_by("history_date", "history_id"))
        hidden = set()
        for older, newer in zip(records, records[1:], strict=False):
            same_kind = newer.history_type == "~"
            if same_kind and not visible_changes(model=self.model, newer=newer, older=older, user=request.user):
                hidden.add(newer.history_id)
        return hidden

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        hidden = self.hidden_history_ids(request, object_id)
        return queryset.exclude(history_id__in=hidden) if hidden else queryset

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        excluded = hidden_fields(self.model, request.user)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def response_change(self, request, obj):
        """After a revert, say so, with the version it went back to, and return to the record."""
        match = request.resolver_match
        if match is None or not match.url_name.endswith("_simple_history"):
            return super().response_change(request, obj)
        # The route is simple-history's: positional (object id, version id).
        version_id = match.kwargs.get("version_id") or (match.args[1] if len(match.args) > 1 else None)
        when = obj.history.filter(history_id=version_id).values_list("history_date", flat=True).first()
        saved = f" of {timezone.localtime(when):%-d %B %Y, %H:%M}" if when else ""
        self.message_user(
            request, f"“{obj}” was reverted to its version{saved}; the revert is itself a new version in its history."
        )
        opts = obj._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_ids(object_id, version_id)
        if str(version_id) in {str(pk) for pk in self.hidden_history_ids(request, object_id)}:
            raise Http404("No such version.")
        # simple-history hides the Revert button from users who may only view history,
        # but would still save a posted form: refuse the POST itself.
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if not self.has_change_history_permission(request, obj):
                raise PermissionDenied("You may view this history but not revert it.")
        # One transaction, as Django runs a change form: the edit-conflict check locks the
        # row (SELECT ... FOR UPDATE, which PostgreSQL refuses outside a transaction).
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedForm(forms.ModelForm):
    """
    Carries the version of the record the editor started from. The save is refused
    when someone saved the record since with a change this editor can see, so two
    people editing at once never silently overwrite each other.

    The check locks the record's row until the request's transaction ends (the admin
    runs each change form in one), so a save racing this one waits for it and is
    then refused with this message, never with a server error.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    current_user = None  # set by the admin's get_form / get_formset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None:
            version = instance.version
            if hasattr(instance, "_history"):
                # A revert starts from the record as it is now, not from the old version shown.
                version = current_version(instance)
            self.fields["seen_version"].initial = version

    def stale_message(self):
        """The conflict message when the record changed since the form was opened, else ''."""
        seen = self.cleaned_data.get("seen_version")
        if self.instance.pk is None or seen is None:
            return ""
        current = current_version(self.instance, lock=True)
        if current is None or current == seen:
            return ""
        return stale_edit_message(obj=self.instance, seen_version=seen, user=self.current_user)

    def clean(self):
        cleaned = super().clean()
        message = self.stale_message()
        if message:
            raise forms.ValidationError(message, code="stale")
        return cleaned

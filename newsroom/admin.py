"""Admin pieces shared by the apps: history with guarded reverts, and edit-conflict detection."""

from django import forms
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

REVERT_PERMISSION = "articles.revert_history"


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change is listed with its author and a diff; reverting is for users with the permission."""

    def has_change_history_permission(self, request, obj=None):
        return request.user.has_perm(REVERT_PERMISSION) and super().has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history hides the Revert button from users who may only view history,
        # but would still save a posted form: refuse the POST itself.
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if not self.has_change_history_permission(request, obj):
                raise PermissionDenied("You may view this history but not revert it.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedForm(forms.ModelForm):
    """
    Carries the version of the record the editor started from. The save is refused
    when the record has been saved since (see services: _claim_version), so two
    people editing at once never silently overwrite each other.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None:
            version = instance.version
            if hasattr(instance, "_history"):
                # A revert starts from the record as it is now, not from the old version shown.
                version = type(instance).objects.filter(pk=instance.pk).values_list("version", flat=True).first()
            self.fields["seen_version"].initial = version

    def stale_message(self):
        """The conflict message when the record changed since the form was opened, else ''."""
        from articles.services import stale_edit_message

        seen = self.cleaned_data.get("seen_version")
        if self.instance.pk is None or seen is None:
            return ""
        current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current is None or current == seen:
            return ""
        return stale_edit_message(obj=self.instance, seen_version=seen)

    def clean(self):
        cleaned = super().clean()
        message = self.stale_message()
        if message:
            raise forms.ValidationError(message, code="stale")
        return cleaned

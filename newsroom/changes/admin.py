"""Webhook subscriptions, their deliveries (with dead ones to retry) and the delivery log, for staff."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from newsroom.paging import EstimatedCountPaginator

from . import delivery, registry
from .models import Delivery, DeliveryAttempt, Subscription


class SubscriptionForm(forms.ModelForm):
    resources = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to receive changes to every resource.",
    )
    url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        label="URL",
        help_text="An http(s) address that accepts POST requests; public addresses only in production.",
    )
    secret = forms.CharField(
        min_length=16,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 60}),
        help_text="At least 16 characters, shared with the receiver, which checks each body's signature "
        "(Newsroom-Signature header) with it.",
    )

    class Meta:
        model = Subscription
        fields = ["name", "url", "secret", "resources", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].choices = [(name, name) for name in registry.names()]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "active", "resources_display", "cursor", "deliveries_link"]
    list_filter = ["active"]
    readonly_fields = ["cursor", "created_at"]

    @admin.display(description="resources")
    def resources_display(self, obj):
        return ", ".join(obj.resources) or "all"

    @admin.display(description="deliveries")
    def deliveries_link(self, obj):
        url = f"{reverse('admin:changes_delivery_changelist')}?subscription__id__exact={obj.pk}"
        return format_html('<a href="{}">all</a> · <a href="{}&amp;status__exact=dead">dead</a>', url, url)


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["at", "status_code", "error", "duration_ms"]
    readonly_fields = ["at", "status_code", "error", "duration_ms"]
    verbose_name_plural = "delivery log"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["change", "subscription", "status", "attempts", "next_attempt_at", "delivered_at", "last_error"]
    list_filter = ["status", "subscription"]
    list_select_related = ["change", "subscription"]
    readonly_fields = ["subscription", "change", "status", "attempts", "next_attempt_at", "delivered_at", "last_error"]
    inlines = [AttemptInline]
    actions = ["retry_selected"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected deliveries again now", permissions=["change"])
    def retry_selected(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = delivery.retry(list(queryset))
        self.message_user(
            request,
            f"{count} deliveries will be sent again at the worker's next pass; delivered ones were left alone.",
            messages.SUCCESS,
        )

"""
The change log (a transactional outbox) and the webhook subscriptions that read it.

A Change is written in the same transaction as the write it describes (see log.py), so
the feed and the webhooks never miss a change that committed and never announce one
that rolled back.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    FETCH = "fetch", "fetch again"
    REMOVE = "remove", "remove"


class Reason(models.TextChoices):
    CREATED = "created", "created"
    CHANGED = "changed", "changed"
    WITHDRAWN = "withdrawn", "withdrawn"
    EMBARGOED = "embargoed", "put under embargo"
    UNPUBLISHED = "unpublished", "taken back to draft or review"
    DELETED = "deleted", "deleted"
    MERGED = "merged", "merged into another record"
    RENAMED = "renamed", "moved to a new address"


class Change(models.Model):
    """One change a public client may see: fetch this record again, or remove it."""

    sequence = models.BigAutoField(primary_key=True)
    resource = models.CharField(max_length=20, help_text="The API resource: article, quote, actor, round, process.")
    object_id = models.BigIntegerField()
    key = models.CharField(max_length=200, help_text="The slug or id in the record's API address.")
    action = models.CharField(max_length=10, choices=Action)
    reason = models.CharField(max_length=20, choices=Reason)
    replaced_by = models.CharField(
        max_length=200, blank=True, help_text="The key of the record that takes its place (merged, renamed)."
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["resource", "object_id", "sequence"], name="change_latest_idx")]

    def __str__(self):
        return f"#{self.sequence} {self.action} {self.resource} {self.key} ({self.reason})"


class ScheduledChange(models.Model):
    """A record that becomes public at a set time with no write then (an embargo that lifts)."""

    resource = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    due_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["due_at"], name="scheduled_change_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["resource", "object_id", "due_at"], name="scheduled_change_unique")
        ]

    def __str__(self):
        return f"{self.resource} {self.object_id} at {self.due_at:%Y-%m-%d %H:%M}"


class Subscription(models.Model):
    """A webhook receiver registered by staff: every change to the chosen resources is POSTed to it."""

    name = models.CharField(max_length=100, help_text="Who receives it, e.g. “Newsletter desk”.")
    url = models.URLField(max_length=500, help_text="An http(s) address that accepts POST requests.")
    secret = models.CharField(
        max_length=200, help_text="Shared with the receiver, which checks each body's signature with it."
    )
    resources = models.JSONField(
        default=list, blank=True, help_text="The resources whose changes are sent; all of them when empty."
    )
    active = models.BooleanField(default=True, help_text="Untick to stop sending; undelivered changes wait.")
    cursor = models.BigIntegerField(
        default=0, editable=False, help_text="The last change queued for this subscription."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._state.adding and not self.cursor:
            # A new subscriber receives the changes from now on; it copies the rest through the API.
            self.cursor = Change.objects.aggregate(last=models.Max("sequence"))["last"] or 0
        super().save(*args, **kwargs)

    def clean(self):
        from . import destinations, registry

        unknown = sorted(set(self.resources or ()) - set(registry.names()))
        if unknown:
            raise ValidationError({"resources": f"Unknown resources: {', '.join(unknown)}."})
        if self.url:
            try:
                destinations.resolve(self.url)
            except destinations.Refused as refused:
                raise ValidationError({"url": str(refused)}) from None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending"
    DELIVERED = "delivered", "delivered"
    DEAD = "dead", "failed for good"


class Delivery(models.Model):
    """One change to send to one subscription, retried with a growing delay until it is delivered or dead."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-change_id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]
        constraints = [models.UniqueConstraint(fields=["subscription", "change"], name="delivery_unique")]

    def __str__(self):
        return f"change #{self.change_id} to {self.subscription}"


class DeliveryAttempt(models.Model):
    """The delivery log: one row per POST tried."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True, help_text="Empty when no answer came.")
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"

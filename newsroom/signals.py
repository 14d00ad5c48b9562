"""Signals of our own, for writes Django announces no signal for."""

from django.dispatch import Signal

# Sent after records were created in bulk (bulk_create sends no post_save), with
# `sender` the model and `instances` the new records, saved and with their ids.
# Whatever post_save keeps current for one record (the search index, the page
# cache) listens to this for many.
bulk_created = Signal()

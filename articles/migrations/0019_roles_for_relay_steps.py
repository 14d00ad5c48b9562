"""
Roles for the relay steps of quotes (added in 0018), as for round participants:
reporters view, add and change them, editors also delete, researchers view
(articles.roles holds the matrix; tests check the database against it).

Reverse takes exactly these permissions away again.
"""

import importlib

from django.db import migrations

sources = importlib.import_module("articles.migrations.0016_roles_for_sources")

GRANTS = {
    "Reporter": ["view_relaystep", "add_relaystep", "change_relaystep"],
    "Editor": ["view_relaystep", "add_relaystep", "change_relaystep", "delete_relaystep"],
    "Researcher": ["view_relaystep"],
}


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_relay_chains")]

    operations = [migrations.RunPython(*sources.granting(GRANTS))]

"""
Roles for the co-speakers of joint statements (added in 0020), as for relay steps:
reporters view, add and change them, editors also delete, researchers view
(articles.roles holds the matrix; tests check the database against it).

Reverse takes exactly these permissions away again.
"""

import importlib

from django.db import migrations

sources = importlib.import_module("articles.migrations.0016_roles_for_sources")

GRANTS = {
    "Reporter": ["view_cospeaker", "add_cospeaker", "change_cospeaker"],
    "Editor": ["view_cospeaker", "add_cospeaker", "change_cospeaker", "delete_cospeaker"],
    "Researcher": ["view_cospeaker"],
}


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_co_speakers")]

    operations = [migrations.RunPython(*sources.granting(GRANTS))]

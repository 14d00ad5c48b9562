"""
Roles for the sources of rounds and processes (models added in 0015), as for their
identifiers: reporters view, add and change them, editors also delete, researchers
view (articles.roles holds the matrix; tests check the database against it).

Reverse takes exactly these permissions away again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SOURCES = ["processsource", "roundsource"]
GRANTS = {
    "Reporter": [f"{action}_{model}" for model in SOURCES for action in ("view", "add", "change")],
    "Editor": [f"{action}_{model}" for model in SOURCES for action in ("view", "add", "change", "delete")],
    "Researcher": [f"view_{model}" for model in SOURCES],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


def granting(grants):
    """(grant, revoke) of `grants`, {group name: [articles permission codenames]}: for later migrations too."""

    def grant(apps, schema_editor):
        # Permissions are normally created after migrations; make sure they exist now.
        app_config = apps.get_app_config("articles")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        for name, codenames in grants.items():
            group = Group.objects.filter(name=name).first()
            if group is not None:
                group.permissions.add(*_permissions(apps, codenames))

    def revoke(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        for name, codenames in grants.items():
            group = Group.objects.filter(name=name).first()
            if group is not None:
                group.permissions.remove(*_permissions(apps, codenames))

    return grant, revoke


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_notes_and_sources")]

    operations = [migrations.RunPython(*granting(GRANTS))]

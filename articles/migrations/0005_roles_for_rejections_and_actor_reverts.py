"""
Roles catch up with two permissions they missed (articles.roles holds the matrix;
tests check the database against it):

- rejected quote suggestions (a model added after 0003_roles): everyone views them,
  editors lift a rejection by deleting it;
- reverting the history of actors needs actors.revert_history: editors.

Reverse takes exactly these permissions away again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Reporter": [("articles", "view_rejectedsuggestion")],
    "Editor": [
        ("articles", "view_rejectedsuggestion"),
        ("articles", "delete_rejectedsuggestion"),
        ("actors", "revert_history"),
    ],
    "Researcher": [("articles", "view_rejectedsuggestion")],
}


def _permissions(apps, wanted):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, wanted in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, wanted))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, wanted in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, wanted))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_rejected_suggestions"),
        ("actors", "0003_revert_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

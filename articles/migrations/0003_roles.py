"""
The newsroom's roles, as groups with their permissions:

- Reporter: create and edit actors, negotiations, and articles while they are drafts or
  in review (submit for review); no publishing, withdrawing, embargoes, deletions or
  confidential notes.
- Editor: everything a reporter does, plus delete, publish, withdraw, embargoes,
  corrections, confidential notes, merging actors and reverting history.
- Researcher: read-only access to the admin.

Reverse removes the three groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "actors": ["actor", "alias", "affiliation", "actoridentifier"],
    "articles": [
        "article", "quote", "negotiationprocess", "negotiationround", "roundparticipant", "processidentifier",
        "roundidentifier", "correction",
    ],
}  # fmt: skip
REPORTER_CANNOT_ADD = {"correction"}
EDITOR_EXTRA = [
    ("articles", "publish_article"),
    ("articles", "revert_history"),
    ("articles", "edit_confidential_note"),
    ("actors", "merge_actor"),
]


def codenames(actions, *, skip=()):
    return [
        (app, f"{action}_{model}")
        for app, models in CONTENT.items()
        for model in models
        for action in actions
        if model not in skip or action == "view"
    ]


ROLES = {
    "Reporter": codenames(["view", "add", "change"], skip=REPORTER_CANNOT_ADD),
    "Editor": codenames(["view", "add", "change", "delete"]) + EDITOR_EXTRA,
    "Researcher": codenames(["view"]),
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_history_versions_corrections"),
        ("actors", "0002_history_and_merge_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

"""
The newsroom's roles as groups of permissions: the matrix every role migration
applies and the test suite checks the database against (tests/integrity/test_roles.py).
Every model of the project's apps is listed, with the roles that may use it in the
admin, so a new model cannot be forgotten.

Actions: v view, a add, c change, d delete. History models follow their record.
"""

REPORTER, EDITOR, RESEARCHER = "Reporter", "Editor", "Researcher"
ROLES = (REPORTER, EDITOR, RESEARCHER)

# "app.model": {role: actions}
MODELS = {
    "actors.actor": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "actors.alias": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "actors.affiliation": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "actors.actoridentifier": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.article": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.quote": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.negotiationprocess": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.negotiationround": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.roundparticipant": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.processidentifier": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.roundidentifier": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.processsource": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.roundsource": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.relaystep": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    "articles.cospeaker": {REPORTER: "vac", EDITOR: "vacd", RESEARCHER: "v"},
    # Corrections are an editor's call.
    "articles.correction": {REPORTER: "v", EDITOR: "vacd", RESEARCHER: "v"},
    # Rejections are made on the suggestion page; lifting one (deleting it) is for editors.
    "articles.rejectedsuggestion": {REPORTER: "v", EDITOR: "vd", RESEARCHER: "v"},
    # Article.rounds' table, read for its counts (ArticleRoundLink): written as an article's rounds.
    "articles.articleroundlink": {},
    # The search index (and SQLite's full-text table over it) and the spelling keys of actors'
    # names are written by the application only.
    "actors.namekey": {},
    "search.searchentry": {},
    "search.ftsentry": {},
}

# Permissions beyond view/add/change/delete: "app.codename" -> roles.
EXTRA = {
    "articles.publish_article": {EDITOR},
    "articles.revert_history": {EDITOR},
    "articles.edit_confidential_note": {EDITOR},
    "actors.merge_actor": {EDITOR},
    "actors.revert_history": {EDITOR},
}

ACTIONS = {"v": "view", "a": "add", "c": "change", "d": "delete"}


def permissions_of(role: str) -> set[str]:
    """Every permission of `role`, as "app.codename"."""
    granted = {
        f"{label.split('.')[0]}.{ACTIONS[letter]}_{label.split('.')[1]}"
        for label, roles in MODELS.items()
        for letter in roles.get(role, "")
    }
    return granted | {permission for permission, roles in EXTRA.items() if role in roles}

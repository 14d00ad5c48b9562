from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        # Registers the system checks, and the receivers that forget cached pages and counts
        # on any save, in every process (an import from the command line included).
        from . import checks, pagecache  # noqa: F401


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Newsroom's site, which guards protected fields in every admin."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "newsroom.admin.NewsroomAdminSite"

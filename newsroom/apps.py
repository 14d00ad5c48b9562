from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import checks, counts  # noqa: F401  (registers the system checks and the count cache's receivers)


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Newsroom's site, which guards protected fields in every admin."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "newsroom.admin.NewsroomAdminSite"

from django.contrib import admin
from django.urls import path

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Editorial database"

urlpatterns = [
    path("admin/", admin.site.urls),
]

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles import views as article_views
from articles.api.views import ActorViewSet, ArticleViewSet, ProcessViewSet, QuoteViewSet, RoundViewSet
from newsroom import views
from newsroom.changes.api import ChangesView

router = DefaultRouter()
router.include_format_suffixes = False
router.register("articles", ArticleViewSet, basename="article")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("actors", ActorViewSet, basename="actor")
router.register("rounds", RoundViewSet, basename="round")
router.register("processes", ProcessViewSet, basename="process")

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/quotes.csv", views.quotes_csv, name="search-quotes-csv"),
    path("search/suggest/<slug:source>/", views.suggest, name="search-suggest"),
    path("articles/", article_views.article_list, name="article-list"),
    path("articles/<slug:slug>/", article_views.article_detail, name="article-page"),
    path("quotes/<int:pk>/", article_views.quote_detail, name="quote-page"),
    path("actors/", article_views.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", article_views.actor_detail, name="actor-page"),
    path("rounds/", article_views.round_timeline, name="round-timeline"),
    path("rounds/<slug:slug>/", article_views.round_detail, name="round-page"),
    path("processes/", article_views.process_list, name="process-list"),
    path("processes/<slug:slug>/", article_views.process_detail, name="process-page"),
    path("admin/", admin.site.urls),
    path("api/v1/changes/", ChangesView.as_view(), name="api-changes"),
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler404 = "newsroom.views.not_found"

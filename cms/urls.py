from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.views import api_v3_index, favicon, robots_txt
from stadtteil_pages.sitemaps import SITEMAPS, sitemap
from stadtteil_pages.sitemaps import index as sitemap_index

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Outside i18n_patterns: API addresses do not change with the language.
    path("api/v3/", api_v3_index, name="api_v3_index"),
    path("api/", include("cms.api")),
    path("oparl/v1.1/", include("stadtteil_pages.oparl.urls")),
    path("documents/", include(wagtaildocs_urls)),
    # An index of sitemap files, each of a bounded number of addresses.
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# German is served at the root, the other languages under their prefix.
urlpatterns += i18n_patterns(
    path("", include("stadtteil_pages.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

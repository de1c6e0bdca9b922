"""The two ways a host mounts the plugin's API (docs/install.md)."""

from django.urls import URLResolver

from wagtail.api.v2.router import WagtailAPIRouter

from stadtteil_pages.api import api_urlpatterns, register_endpoints


def test_register_endpoints_adds_the_contracts_six_endpoints():
    router = register_endpoints(WagtailAPIRouter("elsewhere"))
    assert set(router._endpoints) == {
        "pages",
        "images",
        "documents",
        "contacts",
        "venues",
        "districts",
    }


def test_api_urlpatterns_without_v3_mounts_only_v2():
    [v2] = api_urlpatterns(v3=False, namespace="v2only")
    assert isinstance(v2, URLResolver)
    assert str(v2.pattern) == "v2/"


def test_the_host_serves_both_versions(client, db):
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v3/pages/").status_code == 200

"""Wagtail's snippet overview at /admin/snippets/ lists the plugin's snippet types."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest


@pytest.mark.django_db
def test_a_superuser_sees_every_snippet_type_on_the_snippet_overview(client):
    client.force_login(get_user_model().objects.create_superuser("chef", "chef@example.org", "-"))

    response = client.get("/admin/snippets/")

    assert response.status_code == 200
    html = response.content.decode()
    for name, model in (
        ("Ansprechpersonen", "contactperson"),
        ("Orte", "venue"),
        ("Stadtteile", "district"),
    ):
        assert name in html
        assert reverse(f"wagtailsnippets_stadtteil_pages_{model}:list") in html

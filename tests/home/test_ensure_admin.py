from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db


def test_admin_is_created_once_with_the_password_from_the_environment(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "s3cret-for-tests")
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "password: s3cret-for-tests" in out.getvalue()
    assert client.login(username="admin", password="s3cret-for-tests")  # noqa: S106

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "unchanged" in again.getvalue()
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_random_password_is_printed_when_none_is_given(monkeypatch, client):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    assert len(password) >= 12
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200

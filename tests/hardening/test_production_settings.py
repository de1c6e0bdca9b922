"""Production settings: Django's deployment checks, HTTPS, headers, sessions,
and the HTTP methods each address answers."""

import json
import re

from django.test import override_settings

import pytest

from tests.hardening.helpers import ROOT, env_example, production_env, run_manage

# Run inside the production settings; OPTIONS needs no database.
PROBE = """
import json
from django.conf import settings
from django.test import Client
client = Client()
secure = client.options("/robots.txt", headers={"X-Forwarded-Proto": "https"},
                        HTTP_HOST="stadtteilkonferenzen.example.org")
plain = client.get("/robots.txt", HTTP_HOST="stadtteilkonferenzen.example.org")
print(json.dumps({
    "secure": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "expire_at_browser_close": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "session_age": settings.SESSION_COOKIE_AGE,
    "admins": settings.ADMINS,
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def test_deploy_checks_pass_with_the_example_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_fail_when_hsts_preload_is_switched_off():
    env = production_env(SECURE_HSTS_PRELOAD="false")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W021" in result.stderr


@pytest.fixture(scope="module")
def production():
    env = production_env(DATABASE_URL="sqlite:///:memory:", SESSION_IDLE_MINUTES="20")
    result = run_manage("shell", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_is_enforced_with_hsts_for_subdomains_and_preload(production):
    assert production["secure"]["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert production["plain_status"] == 301
    assert production["plain_location"].startswith("https://stadtteilkonferenzen.example.org/")


def test_cookies_are_secure_and_sessions_end_with_the_browser_or_idle_time(production):
    assert production["session_cookie_secure"] is True
    assert production["csrf_cookie_secure"] is True
    assert production["expire_at_browser_close"] is True
    assert production["session_age"] == 20 * 60


def test_production_reads_admins_and_checks_database_connections(production):
    assert production["admins"] == [["", "webteam@example.org"]]
    assert production["conn_health_checks"] is True


def test_the_database_connection_lifetime_is_one_setting_with_one_documented_value():
    env = production_env(DATABASE_URL="sqlite:///:memory:")
    del env["DB_CONN_MAX_AGE"]
    probe = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    result = run_manage("shell", "-c", probe, env=env)
    assert result.returncode == 0, result.stderr
    default = int(result.stdout.split()[-1])
    operations = (ROOT / "docs/operations.md").read_text()
    deployment = (ROOT / "docs/deployment.md").read_text()
    documented = {
        int(re.search(r"\| `DB_CONN_MAX_AGE` \| `(\d+)`", operations)[1]),
        int(re.search(r"`DB_CONN_MAX_AGE`, default (\d+) s", deployment)[1]),
        int(env_example()["DB_CONN_MAX_AGE"]),
    }
    assert documented == {default}
    source = (ROOT / "cms/settings/production.py").read_text()
    assert source.count('["CONN_MAX_AGE"]') == 1


def test_production_sends_the_browser_policies(production):
    headers = production["secure"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def directives(header):
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_pages_allow_only_their_own_origin(client, hattingen):
    response = client.get("/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # Inline code only with the request's nonce (when a template uses one).
    for directive in ("script-src", "style-src"):
        assert policy[directive][0] == "'self'"
        assert all(source.startswith("'nonce-") for source in policy[directive][1:])
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_widens_the_policy_only_for_what_wagtail_needs(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    # Wagtail's admin needs inline code and frames its own preview (base.py).
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/sitemap.xml", "/robots.txt", "/documents/1/a.pdf"])
@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW"])
def test_unknown_and_trace_methods_are_refused_everywhere(client, hattingen, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert "TRACE" not in response["Allow"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/documents/1/a.pdf"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_files_and_feeds_only_read(client, hattingen, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
def test_pages_still_take_posts_of_their_forms(client, hattingen):
    response = client.post("/stadtteilkonferenzen/")
    assert response.status_code != 405


@pytest.mark.django_db
def test_the_password_form_of_restricted_documents_takes_posts(client, hattingen):
    response = client.post("/documents/authenticate_with_password/999/", {"password": "x"})
    assert response.status_code == 404  # no such restriction, but not refused as a method


@pytest.mark.django_db
def test_options_lists_the_allowed_methods(client, hattingen):
    response = client.options("/stadtteilkonferenzen/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert response.content == b""


@pytest.mark.django_db
def test_api_v3_answers_options_with_its_reading_methods(client, hattingen):
    response = client.options("/api/v3/pages/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://www.hattingen.example"])
def test_api_v3_answers_a_cors_preflight(client, hattingen):
    response = client.options(
        "/api/v3/pages/",
        headers={"Origin": "https://www.hattingen.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://www.hattingen.example"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]


@pytest.mark.django_db
def test_api_v3_writes_stay_refused_with_their_problem(client, hattingen):
    response = client.post("/api/v3/pages/", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["status"] == 405


@pytest.mark.django_db
def test_admin_session_ends_with_the_browser(client, django_user_model, settings):
    django_user_model.objects.create_superuser("chef", "chef@example.org", "x-long-passphrase-1")
    response = client.post("/admin/login/", {"username": "chef", "password": "x-long-passphrase-1"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE

"""Approvers hear of submissions, authors of approvals and rejections, by e-mail."""

import importlib

from django.conf import settings
from django.core import mail

from wagtail.users.models import UserProfile

import pytest

from .admin_forms import approve, post_edit, reject


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def recipients():
    return sorted({address for message in mail.outbox for address in message.to})


@pytest.fixture
def submitted(tree, users, login):
    post_edit(login(users.welper), tree.welper_meeting, "action-submit", title="Neuer Termin")
    return reload(tree.welper_meeting)


def test_approvers_are_told_of_a_submission(submitted, users):
    assert recipients() == sorted(
        [users.freigabe.email, users.freigabe2.email, users.both.email, users.admin.email]
    )
    assert all("Neuer Termin" in message.subject for message in mail.outbox)
    assert all(message.from_email == settings.DEFAULT_FROM_EMAIL for message in mail.outbox)


def test_the_author_is_told_of_the_approval(submitted, users, login):
    mail.outbox.clear()
    approve(login(users.freigabe), submitted)
    assert recipients() == [users.welper.email]
    assert "Neuer Termin" in mail.outbox[0].subject


def test_the_author_is_told_of_the_rejection_with_the_comment(submitted, users, login):
    mail.outbox.clear()
    reject(login(users.freigabe), submitted, comment="Bitte den Ort ergänzen.")
    assert recipients() == [users.welper.email]
    assert "Bitte den Ort ergänzen." in mail.outbox[0].body


def test_nobody_is_mailed_about_their_own_submission(tree, users, login):
    post_edit(login(users.both), tree.contact, "action-submit", name="Erika Beispiel")
    assert users.both.email not in recipients()
    assert users.freigabe.email in recipients()


def test_editors_can_switch_notifications_off(tree, users, login):
    profile = UserProfile.get_for_user(users.freigabe)
    profile.submitted_notifications = False
    profile.save()
    post_edit(login(users.welper), tree.welper_meeting, "action-submit", title="Neuer Termin")
    assert users.freigabe.email not in recipients()
    assert users.freigabe2.email in recipients()


def test_production_sends_by_smtp_with_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "not-a-real-key")
    monkeypatch.setenv("EMAIL_HOST", "smtp.hattingen.example")
    monkeypatch.setenv("EMAIL_PORT", "587")
    monkeypatch.setenv("EMAIL_HOST_USER", "stadtteil")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "from-the-vault")
    monkeypatch.setenv("EMAIL_USE_TLS", "true")
    importlib.reload(importlib.import_module("cms.settings.base"))
    production = importlib.reload(importlib.import_module("cms.settings.production"))
    assert production.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert (production.EMAIL_HOST, production.EMAIL_PORT) == ("smtp.hattingen.example", 587)
    assert production.EMAIL_HOST_USER == "stadtteil"
    assert production.EMAIL_HOST_PASSWORD == "from-the-vault"  # noqa: S105
    assert production.EMAIL_USE_TLS is True


def test_development_prints_e_mails_to_the_console():
    dev = importlib.import_module("cms.settings.dev")
    assert dev.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"

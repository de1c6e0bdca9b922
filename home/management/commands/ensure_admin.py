"""Create the first administrator once, for a local installation."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' unless it exists; the password comes from "
        "DJANGO_SUPERUSER_PASSWORD or is random and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="Shown with the login."
        )

    def handle(self, *args, username, url, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin login: user '{username}' exists; its password is unchanged.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login at {url} — "
                f"user: {username}  password: {password}  (shown only this once)"
            )
        )

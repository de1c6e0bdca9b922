"""Set the public address of the default site.

Absolute addresses (calendar subscriptions, feeds, API URLs, structured data)
are built from the Wagtail site's hostname and port, so they must match where
the site is really reached.
"""

from django.core.management import BaseCommand, CommandError
from django.core.validators import validate_domain_name, validate_ipv46_address

from wagtail.models import Site


class Command(BaseCommand):
    help = "Set hostname and port of the default site, e.g. --hostname example.org --port 443."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", required=True)
        parser.add_argument("--port", type=int, default=443)
        parser.add_argument("--site-name", default=None)

    def handle(self, *args, hostname, port, site_name, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        try:
            validate_ipv46_address(hostname)
        except Exception:
            try:
                validate_domain_name(hostname)
            except Exception as error:
                raise CommandError(f"--hostname “{hostname}” is not a host name.") from error
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet; run load_hattingen or create one.")
        site.hostname, site.port = hostname, port
        if site_name:
            site.site_name = site_name
        site.save()
        self.stdout.write(f"The site is reached at {site.root_url}/")

from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Site

import pytest

from stadtteil_pages.models import DistrictConferencePage


def test_absolute_addresses_follow_the_configured_site(hattingen, client):
    call_command("configure_site", hostname="127.0.0.1", port=8000, stdout=StringIO())
    welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")
    assert welper.get_full_url() == "http://127.0.0.1:8000/stadtteilkonferenzen/welper/"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"hostname": "exa mple.org"}, "is not a host name"),
        ({"hostname": "example.org", "port": 0}, "between 1 and 65535"),
    ],
)
def test_bad_addresses_are_refused_and_nothing_changes(hattingen, options, message):
    before = Site.objects.values_list("hostname", "port").get()
    with pytest.raises(CommandError, match=message):
        call_command("configure_site", stdout=StringIO(), **options)
    assert Site.objects.values_list("hostname", "port").get() == before

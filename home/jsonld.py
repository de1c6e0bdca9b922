"""The city as the organiser in the pages' structured data.

``STADTTEIL_ORGANIZER`` points here, so that the plugin reads the organiser
from the same site setting that fills every page footer.
"""

from .frame import city_contact


def city_organizer(request):
    """The city's contact block as a schema.org GovernmentOrganization."""
    if request is None:
        return None
    contact = city_contact(request)
    if contact is None or not contact.organisation:
        return None
    address = {
        "@type": "PostalAddress",
        "streetAddress": contact.address_line,
        "postalCode": contact.postal_code,
        "addressLocality": contact.city,
    }
    data = {
        "@type": "GovernmentOrganization",
        "name": contact.organisation,
        "url": contact.website,
        "telephone": contact.phone.as_e164 if contact.phone else "",
        "email": contact.email,
        "address": {key: value for key, value in address.items() if value},
    }
    return {key: value for key, value in data.items() if value}

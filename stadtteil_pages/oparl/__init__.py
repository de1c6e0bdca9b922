"""OParl 1.1: the conferences as an open council-information interface.

Council-information portals and apps read OParl; this package serves the
city (``Body``), the district conferences (``Organization``), their dates
(``Meeting``), venues (``Location``), documents (``File``) and contact
people (``Person``) read-only at the address where the host includes
``stadtteil_pages.oparl.urls`` (``/oparl/v1.1/`` in the Stadtteil-CMS host).
The mapping is described in ``docs/oparl.md``.
"""

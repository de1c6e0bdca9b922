"""The admin side: editorial roles (``editorial``), the two-person review
(``review``), translations under review (``translating``, ``views``) and the
dashboard panels.
"""

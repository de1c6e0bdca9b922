"""The publication rule (``publication``), Wagtail's serving hooks that apply
it (``serving``), and which languages a page exists in (``languages``).
"""

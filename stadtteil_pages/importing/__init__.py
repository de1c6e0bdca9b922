"""Building districts, contacts, venues and the conference tree from a data
file (``conferences``).
"""

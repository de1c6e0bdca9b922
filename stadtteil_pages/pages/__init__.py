"""The HTML pages: what each page type's template gets (``context``), the
archive's filter form and pagination.
"""

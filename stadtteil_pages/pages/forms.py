"""Forms that visitors fill in on the public pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProtocolFilterForm(forms.Form):
    """The archive's filter: only conferences and years that hold protocols.

    ``contents`` is what ``queries.pages.archive_contents`` finds; a conference or
    year that does not exist is a form error, not an empty page.
    """

    conference = forms.ChoiceField(label=_("District conference"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, contents, **kwargs):
        super().__init__(*args, **kwargs)
        self.conferences = {conference.slug: conference for conference in contents}
        self.fields["conference"].choices = [
            ("", _("All district conferences")),
            *((conference.slug, conference.title) for conference in contents),
        ]
        years = sorted({year for years in contents.values() for year in years}, reverse=True)
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]

    def clean_conference(self):
        slug = self.cleaned_data.get("conference")
        return self.conferences.get(slug) if slug else None

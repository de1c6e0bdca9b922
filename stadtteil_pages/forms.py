"""Forms that visitors fill in on the public pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import District


class ProtocolFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All districts"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

"""``{% shared %}``: markup rendered once per content state and shared.

    {% load stadtteil_shared %}
    {% shared "district" page.pk request.GET.urlencode clock %}
        … what the page shows of its content …
    {% endshared %}

The enclosed markup is rendered once per content state, language and site
for each combination of the given values, and shared by the anonymous
requests of this process (``publication.remember_rendered``); with the
final word ``clock`` only within one time bucket of
``STADTTEIL_CACHE_SECONDS`` (for "upcoming" dates). Editors and previews
always see it rendered anew. The values must name everything the markup
depends on besides the content: nothing personal may be inside.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..publication import answer_scope, remember_rendered

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, nodelist, values, follows_clock):
        self.nodelist = nodelist
        self.values = values
        self.follows_clock = follows_clock

    def render(self, context):
        request = context.get("request")
        key = (
            "shared",
            *(str(value.resolve(context)) for value in self.values),
            get_language(),
            *answer_scope(request),
        )
        text = remember_rendered(
            request, key, lambda: self.nodelist.render(context), follows_clock=self.follows_clock
        )
        return mark_safe(text)  # noqa: S308 - markup the template itself rendered


@register.tag("shared")
def shared(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% shared %} needs a name for what it encloses.")
    follows_clock = bits[-1] == "clock"
    if follows_clock:
        bits = bits[:-1]
    values = [parser.compile_filter(bit) for bit in bits]
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, values, follows_clock)

"""The site's URLs plus ``/bench/trivial/``, the ceiling of the benchmark, and a reference."""

from django.http import JsonResponse
from django.urls import path

from wagtail.models import Page

from cms.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """What a request costs that does nothing but pass the middleware."""
    return JsonResponse({"ok": True})


def twenty_reads(request):
    """Twenty single-row reads through the ORM and no template: what queries cost alone."""
    titles = [Page.objects.get(depth=1).title for _ in range(20)]
    return JsonResponse({"reads": len(titles)})


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/twenty-reads/", twenty_reads),
    *site_urlpatterns,
]

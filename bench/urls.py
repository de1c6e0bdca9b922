"""The site's URLs plus ``/bench/trivial/``, the ceiling of the benchmark."""

from django.http import JsonResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """What a request costs that does nothing but pass the middleware."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]

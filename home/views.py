from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def api_v3_index(request):
    """``/api/v3/``: where the read-only API's documentation and OpenAPI schema are."""
    return JsonResponse(
        {
            "docs": request.build_absolute_uri("/api/v3/docs/"),
            "openapi": request.build_absolute_uri("/api/v3/openapi.json"),
            "pages": request.build_absolute_uri("/api/v3/pages/"),
            "stable_api": request.build_absolute_uri("/api/v2/"),
        }
    )


@require_safe
def favicon(request):
    """``/favicon.ico``, which browsers ask for whatever the page names."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))

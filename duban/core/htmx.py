"""Answers for forms that htmx may have sent."""

from django.http import HttpResponse
from django.shortcuts import redirect


def go(request, url: str) -> HttpResponse:
    """Send the browser on to `url` after a form. An htmx request gets
    HX-Redirect, because a plain 302 would be followed inside the XHR and
    its page swapped into the one the user is on."""
    if request.htmx:
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)

"""Pages of a list: Django's Paginator with the query kept in the pager's links,
and choice labels looked up once per page instead of once per row."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, items, *, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page of `items` asked for by ?<param>= (a bad or too large number
    gives the first or last page). `page.param` and `page.query` (the other
    query parameters, urlencoded) are what `core/_pager.html` needs to link the
    neighbours without losing a filter."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    # Fetched once here: views decorate the rows, templates read the same objects.
    page.object_list = list(page.object_list)
    others = request.GET.copy()
    others.pop(param, None)
    page.param = param
    page.query = others.urlencode()
    return page


def labels(choices) -> dict[str, str]:
    """{code: label} of a TextChoices class, translated once for this request
    (a lazy label per row costs a translation lookup each time it renders)."""
    return {value: str(label) for value, label in choices.choices}

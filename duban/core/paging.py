"""Pages of a list: Django's Paginator with the query kept in the pager's links,
and choice labels looked up once per page instead of once per row."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property

PAGE_SIZE = 50


class _DistinctPaginator(Paginator):
    """Pages of a DISTINCT queryset (a unit's view through `visible_to`, whose
    join to the task's assignments repeats rows) counted and sliced by primary
    key: DISTINCT over whole rows sorts every candidate with all its columns
    and select_related's (~60 ms of 进展报送 at province scale for a unit's
    500 reports); over the key and the ordering columns it is a narrow sort.
    The page's rows are then read by key, in that order."""

    @cached_property
    def count(self) -> int:
        return self.object_list.values("pk").count()

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids], number, self)


class _AheadPaginator(Paginator):
    """Counts no further than `limit` rows (a sliced COUNT stops there). When
    the list reaches `limit` rows, `exact` is False and `count` is `limit`:
    the pages up to the one holding that row exist, and the page says
    "`limit` - 1 +" rows and "N+" pages."""

    def __init__(self, object_list, per_page, *, limit: int):
        super().__init__(object_list, per_page)
        self.limit = limit
        self.exact = True

    @cached_property
    def count(self) -> int:
        n = self.object_list.order_by()[: self.limit].count()
        self.exact = n < self.limit
        return n


class _CountingPaginator(Paginator):
    """Reads the asked page's rows and the list's length in one query (the
    count as a window over the whole list, COUNT(*) OVER ()): one round trip
    instead of two. Only a page past the end (no row came back) falls back to
    Paginator's own count and last page. For short lists: the window reads
    every row of the list, where a plain LIMIT can stop after the page."""

    def get_page(self, number) -> Page:
        # Paginator.get_page's reading of the number: not one → the first page.
        try:
            wanted = 1 if number in (None, "") else int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted < 1:
            return super().get_page(number)  # Paginator's answer: the last page
        bottom = (wanted - 1) * self.per_page
        rows = list(
            self.object_list.annotate(_list_length=Window(Count("*")))[
                bottom : bottom + self.per_page
            ]
        )
        if not rows:
            return super().get_page(number)
        first = rows[0]
        length = first["_list_length"] if isinstance(first, dict) else first._list_length
        self.__dict__["count"] = length  # the cached_property, filled
        return self._get_page(rows, wanted, self)


def _wanted(request, param: str) -> int:
    try:
        return max(1, int(request.GET.get(param, 1)))
    except (TypeError, ValueError):
        return 1


def page_of(
    request,
    items,
    *,
    per_page: int = PAGE_SIZE,
    param: str = "page",
    count_ahead: int | None = None,
    count_with_page: bool = False,
) -> Page:
    """The page of `items` asked for by ?<param>= (a bad or too large number
    gives the first or last page). `page.param` and `page.query` (the other
    query parameters, urlencoded) are what `core/_pager.html` needs to link the
    neighbours without losing a filter.

    With `count_ahead`, rows are counted only up to that many past the asked
    page's first row (a list whose full count is a join over the province,
    待审核); `page.exact` then says whether `paginator.count` is the whole
    count, and `page.count_label` / `page.pages_label` add "+" when not."""
    by_key = getattr(getattr(items, "query", None), "distinct", False)
    if count_with_page and not by_key and count_ahead is None:
        paginator = _CountingPaginator(items, per_page)
    elif count_ahead is not None:
        limit = (_wanted(request, param) - 1) * per_page + count_ahead + 1
        paginator = _AheadPaginator(items, per_page, limit=limit)
    else:
        paginator = (_DistinctPaginator if by_key else Paginator)(items, per_page)
    page = paginator.get_page(request.GET.get(param))
    page.exact = getattr(paginator, "exact", True)
    if page.exact:
        page.count_label, page.pages_label = str(paginator.count), str(paginator.num_pages)
    else:
        page.count_label = f"{paginator.count - 1}+"
        page.pages_label = f"{paginator.num_pages}+"
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

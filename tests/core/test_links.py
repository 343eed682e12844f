"""pk_url: one reverse per page gives the same links as a reverse per row."""

from django.urls import reverse

from duban.core.links import pk_url


def test_pk_url_is_reverse_for_every_key():
    for name in ("plans:task", "reports:report", "desk:detail"):
        url = pk_url(name)
        for pk in (1, 7, 10, 918, 2736, 918273645, 10**12):
            assert url(pk) == reverse(name, args=[pk])

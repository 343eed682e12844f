"""The lexicon routes' rows of the permission matrix: the office's supervisor
alone reads and changes its 解析词表."""

from django.core.files.uploadedfile import SimpleUploadedFile

from duban.lexicon.models import Term
from tests.permissions import NOBODY, SUPERVISOR, Row


def _term_pk(w):
    supervisor = w.persona("supervisor")
    term = Term.objects.create(office=supervisor.unit, word="落实主体", role="co")
    return {"pk": term.pk}


def _term_data(w):
    return {"word": "协办主体", "role": "co", "note": ""}


def _import_data(w):
    data = "terms:\n  - word: 落实主体\n    role: co\n".encode()
    return {"file": SimpleUploadedFile("lexicon.yaml", data)}


LEXICON_ROWS = [
    Row("lexicon:list", get=SUPERVISOR, post=SUPERVISOR, post_data=_term_data),
    Row("lexicon:edit", get=SUPERVISOR, post=SUPERVISOR, kwargs=_term_pk, post_data=_term_data),
    Row("lexicon:delete", get=NOBODY, post=SUPERVISOR, kwargs=_term_pk),
    Row("lexicon:export", get=SUPERVISOR),
    Row("lexicon:import", get=NOBODY, post=SUPERVISOR, post_data=_import_data),
]

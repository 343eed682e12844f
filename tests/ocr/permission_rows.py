"""The OCR job page's rows of the permission matrix (tests/test_permission_matrix.py):
only the supervisors of the office that uploaded the scan see its job and retry it."""

from duban.ocr.models import OcrJob
from tests.permissions import NOBODY, SUPERVISOR, Row


def _job_pk(w):
    supervisor = w.persona("supervisor")
    job = OcrJob.objects.create(
        office=supervisor.unit, created_by=supervisor, source_name="扫描件.pdf", pages_total=2
    )
    return {"pk": job.pk}


def _stalled_job_pk(w):
    supervisor = w.persona("supervisor")
    job = OcrJob.objects.create(
        office=supervisor.unit,
        created_by=supervisor,
        source_name="扫描件.pdf",
        source_bytes=b"%PDF-",
        pages_total=2,
        status=OcrJob.Status.FAILED,
        retryable=True,
    )
    return {"pk": job.pk}


OCR_ROWS = [
    Row("ocr:job", get=SUPERVISOR, kwargs=_job_pk),
    Row("ocr:retry", get=NOBODY, post=SUPERVISOR, kwargs=_stalled_job_pk),
]

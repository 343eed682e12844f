"""The OCR job page's rows of the permission matrix (tests/test_permission_matrix.py):
only the supervisors of the office that uploaded the scan see its job."""

from duban.ocr.models import OcrJob
from tests.permissions import SUPERVISOR, Row


def _job_pk(w):
    supervisor = w.persona("supervisor")
    job = OcrJob.objects.create(
        office=supervisor.unit, created_by=supervisor, source_name="扫描件.pdf", pages_total=2
    )
    return {"pk": job.pk}


OCR_ROWS = [Row("ocr:job", get=SUPERVISOR, kwargs=_job_pk)]

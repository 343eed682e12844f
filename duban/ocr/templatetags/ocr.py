"""`{% ocr_marks plan %}`: on a plan's review page, the 待核对 panel for a draft read
from a scan (OCR), listing its low-confidence lines; nothing for other plans."""

from django import template

from duban.ocr.models import OcrJob

register = template.Library()


@register.inclusion_tag("ocr/_review_marks.html")
def ocr_marks(plan):
    job = OcrJob.objects.filter(plan=plan, status=OcrJob.Status.DONE).first()
    return {"ocr_job": job, "ocr_low": job.low_lines(plan.text) if job else []}

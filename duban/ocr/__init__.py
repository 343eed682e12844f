"""Scanned documents read by OCR in the background: an upload whose pages need OCR
becomes an OcrJob; a django-tasks worker reads it page by page (the import page
shows pages done / pages) and imports the draft plan when it is done."""

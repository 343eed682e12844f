"""OLE2 (Compound File) containers: the legacy Office and WPS files, told apart by
the names of their streams (converted by `convert`)."""

from __future__ import annotations

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Stream names in the container's directory (UTF-16LE): enough to tell the kinds
# apart without an OLE library.
_STREAMS = {
    "encrypted": ("EncryptionInfo", "EncryptedPackage"),
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
}


def ole_kind(data: bytes) -> str | None:
    """ "encrypted" (a password-protected Office Open XML file), "doc" (Word 97 or
    WPS 文字), "xls" (Excel 97 or WPS 表格) or None for another OLE2 file."""
    if not data.startswith(OLE_MAGIC):
        return None
    window = data[: 4 * 1024 * 1024]
    for kind, names in _STREAMS.items():
        if any(name.encode("utf-16-le") in window for name in names):
            return kind
    return None

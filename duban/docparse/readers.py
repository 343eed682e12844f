"""File → text. (Placeholder; being written.)"""

from pathlib import Path

from .errors import DocumentError
from .normalize import clean_text


def read_bytes(data: bytes, filename: str) -> str:
    try:
        return clean_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DocumentError("无法识别的文本编码") from exc


def read_file(path) -> str:
    path = Path(path)
    return read_bytes(path.read_bytes(), path.name)

"""Safe opening of zip-based documents (docx, ofd) and of the XML inside them."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from .errors import DocumentError

MAX_UNPACKED = 200 * 1024 * 1024  # all members together, as the zip declares them
MAX_RATIO = 200  # a member this many times larger than its compressed bytes is a bomb
MAX_MEMBERS = 20_000

# No entities, no network, no DTDs: a document is data, not a program.
XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open `data` as a zip after checking, from the central directory alone, that
    unpacking it stays small. `kind` ("docx", "ofd") names the format in messages.
    Reading a member later cannot exceed its declared size: zipfile stops there
    and checks the CRC."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DocumentError(f"{kind} 文件已损坏或不完整") from exc
    if len(infos) > MAX_MEMBERS:
        raise DocumentError(f"{kind} 文件内部结构异常(文件数过多)")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DocumentError(f"{kind} 文件压缩比异常,可能是恶意文件")
    if total > MAX_UNPACKED:
        raise DocumentError("文件过大(解压后超过 200 MB)")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError as exc:
        raise DocumentError(f"{kind} 文件不完整(缺少 {name})") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DocumentError(f"{kind} 文件已损坏或不完整") from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise DocumentError(f"{kind} 文件使用了不支持的压缩方式") from exc


def parse_xml(data: bytes, kind: str) -> etree._Element:
    try:
        return etree.fromstring(data, XML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise DocumentError(f"{kind} 文件内容已损坏(XML 无法解析)") from exc


def member_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Lower-cased member name → actual name (OFD producers vary in case)."""
    return {info.filename.lower().lstrip("/"): info.filename for info in archive.infolist()}

"""Legacy binary Office files (.doc, .wps, .xls, .et) → their Open XML form, through
LibreOffice headless (`soffice --convert-to`).

Each conversion runs in a subprocess of its own:
- in a fresh temporary directory with its own LibreOffice profile
  (-env:UserInstallation), so that conversions never share state or wait on each
  other's profile lock, and nothing of a file survives it;
- with a time limit (a file that makes the converter hang is killed with its whole
  process group) and a memory limit (RLIMIT_AS);
- without network: in a network namespace of its own (`unshare -rn`) when the
  system allows one, and in any case with proxies cleared and link updates off;
- with macros never run: the profile sets the macro security level to "very high"
  and disables macro execution, so a document's macros are not even offered.

`convert(data, source_ext, target_ext)` returns the converted bytes or raises
DocumentError. Telling what an OLE2 container holds is `ole.ole_kind`'s: the readers
sniff every file and need this module (subprocess, tempfile, a PATH search for
unshare) only for a legacy file.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from .errors import DocumentError

TIMEOUT_SECONDS = 90
MEMORY_BYTES = 3 * 1024 * 1024 * 1024

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseOpenCL" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


@cache
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


UNSHARE = shutil.which("unshare") or "unshare"


@cache
def _can_unshare() -> bool:
    """Whether this system lets a process have a network namespace of its own
    (util-linux unshare with user namespaces enabled)."""
    try:
        return (
            subprocess.run([UNSHARE, "-rn", "true"], capture_output=True, timeout=10).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False


def command(source: Path, outdir: Path, target_ext: str, profile: Path) -> list[str]:
    """The converter's command line: soffice headless with its own profile, in a
    network namespace of its own when the system allows one."""
    argv = [
        soffice() or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        target_ext,
        "--outdir",
        str(outdir),
        str(source),
    ]
    return [UNSHARE, "-rn", *argv] if _can_unshare() else argv


def _limits() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def convert(
    data: bytes, source_ext: str, target_ext: str, *, timeout: float = TIMEOUT_SECONDS
) -> bytes:
    """`data` (a file whose type `source_ext` names: "doc", "xls" …) converted by
    LibreOffice to `target_ext` ("docx", "xlsx")."""
    if soffice() is None:
        raise DocumentError(
            "服务器未安装 LibreOffice,无法读取旧版 Office 文件,请另存为新格式后上传"
        )
    with tempfile.TemporaryDirectory(prefix="duban-soffice-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        source = work / f"input.{source_ext}"
        source.write_bytes(data)
        out = work / "out"
        out.mkdir()
        argv = command(source, out, target_ext, profile)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work),
            "LANG": "C.UTF-8",
            "TMPDIR": str(work),
            "SAL_USE_VCLPLUGIN": "svp",
            "no_proxy": "*",
        }
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=work,
            env=env,
            start_new_session=True,  # its own process group, killed as one
            preexec_fn=_limits,  # noqa: PLW1509 — resource limits must be set in the child
        )
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise DocumentError(
                f"文件转换超时(超过 {timeout:g} 秒),文件可能已损坏,请另存为新格式后上传"
            ) from exc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        result = out / f"input.{target_ext}"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise DocumentError(
                f"无法转换该 .{source_ext} 文件(文件已损坏或设有密码保护),请另存为新格式后上传"
            )
        return result.read_bytes()

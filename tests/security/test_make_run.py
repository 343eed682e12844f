"""`make run` on a clean clone (no var/, which once failed with "unable to
open database file"): the Makefile's own target migrates, loads the demo and
serves it on 127.0.0.1:8000 (the one test allowed that port). Then the same
database refuses to start in production (DEBUG off) while the demo passwords
are unchanged.

The clone is this checkout's tracked files (plus new, not ignored ones) in a
temporary folder. Its .venv is made here — a virtualenv seeing the packages
already installed, with the `duban` command and the install stamp — because
`pip install` needs the network; everything after that is the Makefile's."""

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR).parent
URL = "http://127.0.0.1:8000"

# make missing is a failure here (the README promises `make run`), never a skip.


def clean_clone(dest: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def installed_venv(clone: Path) -> Path:
    venv = clone / ".venv"
    subprocess.run(
        [getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", venv],
        check=True,
    )
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The clone's code first, then the packages this test run already has.
    Path(purelib, "duban-clone.pth").write_text(
        f"{clone}\n{sysconfig.get_paths()['purelib']}\n", encoding="utf-8"
    )
    script = venv / "bin" / "duban"
    script.write_text(
        f"#!{python}\nimport sys\nfrom duban.cli import main\nsys.exit(main())\n", encoding="utf-8"
    )
    script.chmod(0o755)
    (venv / ".installed").touch()  # newer than requirements.txt: make skips pip
    return python


def wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            time.sleep(1)
    raise AssertionError(f"nothing answered at {url} within {seconds} s")


def test_make_run_serves_the_demo_from_a_clean_clone(tmp_path):
    clone = clean_clone(tmp_path / "duban")
    assert not (clone / "var").exists()
    python = installed_venv(clone)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    log = (tmp_path / "make.log").open("w")
    make = subprocess.Popen(
        ["make", "run"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, html = wait_for(URL + "/accounts/login/", 300)
        assert status == 200 and "登录" in html
        assert "演示数据库" in html  # the demo says so on every page
        status, css = wait_for(URL + "/static/duban/duban.css", 30)
        assert status == 200 and ".panel" in css
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(30)
        log.close()
    assert (clone / "var" / "duban.sqlite3").exists()

    production = subprocess.run(
        [python, "-c", "import duban.wsgi"],
        cwd=clone,
        env={**env, "DUBAN_SECRET_KEY": "k" * 20 + "production-key-" * 3},
        capture_output=True,
        text=True,
    )
    assert production.returncode != 0
    assert "演示账号仍使用公开的演示密码" in production.stderr

"""Production defaults. In a fresh process with only DUBAN_SECRET_KEY (50+
characters) and DUBAN_ALLOWED_HOSTS set, DEBUG is off and `duban check
--deploy` prints no warning. Through the middleware: a Content-Security-Policy
naming no outside source, whitenoise serving /static/ with DEBUG off,
`Cache-Control: no-store` on signed-in pages, Chinese 404 without URL patterns."""

import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR).parent


def production(tmp_path, *args, code=None):
    """Run python in a clean environment: only the two production variables
    (plus a temporary var/ so this checkout's database is not touched)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DUBAN_SECRET_KEY": secrets.token_urlsafe(50),
        "DUBAN_ALLOWED_HOSTS": "duban.example.gov.cn",
        "DUBAN_VAR_DIR": str(tmp_path / "var"),
    }
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "duban", *args]
    return subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)


def test_check_deploy_is_clean_with_only_key_and_hosts(tmp_path):
    result = production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_debug_is_off_unless_asked(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'duban.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    assert production(tmp_path, code=code).stdout.split()[-4:] == ["False", "True", "True", "True"]


def test_no_secret_key_means_no_start(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DUBAN_VAR_DIR": str(tmp_path)}

    def run(*args):
        return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)

    for result in (run("-m", "duban", "check"), run("-c", "import duban.wsgi")):
        assert result.returncode != 0
        assert "DUBAN_SECRET_KEY must be set" in result.stdout + result.stderr


def test_csp_names_no_outside_source(client, db):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    sources = {w for part in policy.split(";") for w in part.split()[1:]}
    assert sources <= {"'self'", "'none'", "data:"}, sources
    assert "frame-ancestors 'none'" in policy


def test_static_files_are_served_with_debug_off(client):
    assert not settings.DEBUG
    for path in ("duban/duban.css", "duban/duban.js", "vendor/echarts/echarts.min.js"):
        response = client.get("/" + settings.STATIC_URL.strip("/") + "/" + path)
        assert response.status_code == 200, path
        assert "no-store" not in response.get("Cache-Control", "")


def test_signed_in_pages_are_not_stored(client_for, supervisor):
    response = client_for(supervisor).get(reverse("units:list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_api_answers_are_not_stored(api_client, supervisor):
    assert "no-store" in api_client(supervisor).get("/api/me")["Cache-Control"]


def test_404_lists_no_url_patterns(client_for, supervisor):
    response = client_for(supervisor).get("/no-such-page/")
    assert response.status_code == 404
    assert b"urlpatterns" not in response.content and b"admin/" not in response.content


def test_404_is_chinese(client_for, supervisor):
    assert "页面不存在" in client_for(supervisor).get("/no-such-page/").content.decode()


def test_an_api_error_is_json_without_a_traceback(api_client, supervisor, monkeypatch, calendar):
    client = api_client(supervisor)

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail DATABASE_URL=postgres://u:pw@h/db")

    monkeypatch.setattr("duban.api.api.lights.task_lights", broken)
    response = client.get("/api/tasks")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.content.decode()
    assert "服务器内部错误" in response.json()["detail"]
    assert "Traceback" not in body and "DATABASE_URL" not in body


def test_a_page_error_shows_no_settings(client, monkeypatch, db):
    client.raise_request_exception = False

    def broken(request):
        raise RuntimeError("secret detail DATABASE_URL=postgres://u:pw@h/db")

    monkeypatch.setattr("duban.accounts.views.LoginView.get", lambda self, request: broken(request))
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错" in body and "DATABASE_URL" not in body

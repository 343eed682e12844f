"""The demo accounts (`duban demo`) and what guards a real deployment from them.

A demo database is one where `duban demo` made its accounts (display names end
in “(演示)”); every page then says so. With DEBUG off, duban refuses to start
while any demo account still signs in with its published demo password
(`refuse_published_passwords`, called by wsgi.py and by a system check, so
`runserver`, `migrate` and any WSGI server stop with the reason)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from .models import User

DEMO_MARK = "(演示)"

# (username, password, role, unit, display name). Published in the README: demo only.
ACCOUNTS = [
    ("duchashi", "duban-demo-1", User.Role.SUPERVISOR, "州政府办公室", "督查室(演示)"),
    ("lingdao", "duban-demo-2", User.Role.LEADER, "州政府办公室", "州政府领导(演示)"),
    ("fgw", "duban-demo-3", User.Role.OFFICER, "州发改委", "州发改委填报员(演示)"),
    ("geermu", "duban-demo-4", User.Role.OFFICER, "格尔木市人民政府", "格尔木市填报员(演示)"),
    ("admin", "duban-demo-5", User.Role.ADMIN, "州政府办公室", "系统管理员(演示)"),
]
PASSWORDS = {username: password for username, password, *_rest in ACCOUNTS}


def demo_accounts():
    """`duban demo`'s accounts, when they are here."""
    return User.objects.filter(username__in=PASSWORDS, display_name__endswith=DEMO_MARK)


def is_demo_database() -> bool:
    """One small query: are `duban demo`'s accounts here?"""
    try:
        return demo_accounts().exists()
    except DatabaseError:  # not migrated yet
        return False


def accounts_with_published_passwords() -> list[str]:
    """Usernames of demo accounts whose password is still the published one."""
    try:
        accounts = list(User.objects.filter(username__in=PASSWORDS, is_active=True))
    except DatabaseError:
        return []
    return sorted(a.username for a in accounts if a.check_password(PASSWORDS[a.username]))


def refuse_published_passwords() -> None:
    """With DEBUG off, stop if a demo account still has its published password."""
    if settings.DEBUG:
        return
    left = accounts_with_published_passwords()
    if left:
        raise ImproperlyConfigured(
            "演示账号仍使用公开的演示密码,已拒绝以生产模式(DEBUG 关闭)启动:"
            + "、".join(left)
            + "。请用 `duban changepassword 用户名` 修改或停用这些账号,或改用新的数据库。"
            " (Demo accounts still have their published passwords; change them or use "
            "DUBAN_DEBUG=1 for the demo.)"
        )

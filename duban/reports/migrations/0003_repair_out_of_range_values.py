"""Repair numbers saved before their bounds were checked (duban.core.numbers).

SQLite stored whatever was typed (1e30, or 5,000 ones as `inf`) in columns
declared DecimalField(24, 4); reading such a row raises decimal.InvalidOperation,
so every page that showed it answered 500. PostgreSQL never accepted them.
Each unreadable report value is removed and a review comment on its version
says which target and what was typed, so the unit can fill it in again; an
unreadable target value or baseline is emptied (its text stays in `raw`).
Raw SQL: the ORM cannot read these rows."""

from django.db import migrations
from django.utils import timezone

LIMIT = 1e18  # duban.core.numbers.VALUE_WHOLE_DIGITS (values just under 1e20 fail to read)


def repair(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.id, v.version_id, CAST(v.value AS TEXT), t.name "
            "FROM reports_targetvalue v JOIN plans_target t ON t.id = v.target_id "
            "WHERE abs(v.value) >= %s OR v.value IS NULL",
            [LIMIT],
        )
        for pk, version_id, typed, name in cursor.fetchall():
            cursor.execute(
                "INSERT INTO reports_reviewcomment (version_id, author_id, body, created_at) "
                "VALUES (%s, NULL, %s, %s)",
                [
                    version_id,
                    f"系统检查:指标“{name}”的当前值({typed})超出可保存的范围,已移除,请重新填写。",
                    now,
                ],
            )
            cursor.execute("DELETE FROM reports_taskvalue_parts WHERE targetvalue_id = %s", [pk])
            cursor.execute("DELETE FROM reports_targetvalue WHERE id = %s", [pk])
        cursor.execute(
            "DELETE FROM reports_historicaltargetvalue WHERE abs(value) >= %s OR value IS NULL",
            [LIMIT],
        )
        # A task's consolidated figure (reports.TaskValue) recomputes from its parts.
        cursor.execute(
            "DELETE FROM reports_taskvalue_parts WHERE taskvalue_id IN "
            "(SELECT id FROM reports_taskvalue WHERE abs(value) >= %s)",
            [LIMIT],
        )
        cursor.execute("DELETE FROM reports_taskvalue WHERE abs(value) >= %s", [LIMIT])
        cursor.execute("DELETE FROM reports_historicaltaskvalue WHERE abs(value) >= %s", [LIMIT])
        for table in ("reports_taskvalue", "reports_historicaltaskvalue"):
            cursor.execute(f"UPDATE {table} SET proposed = NULL WHERE abs(proposed) >= %s", [LIMIT])
        for table in ("plans_target", "plans_historicaltarget"):
            for column in ("value", "value_max", "baseline"):
                cursor.execute(
                    f"UPDATE {table} SET {column} = NULL WHERE abs({column}) >= %s", [LIMIT]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_taskvalue"),
        ("plans", "0003_plan_date_shift_years"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]

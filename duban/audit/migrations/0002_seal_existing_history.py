"""Put the history written before the audit chain existed into the chain, so that
an upgraded database verifies; a new one has nothing to seal."""

from django.db import migrations

from duban.audit.chain import seal_unchained


def seal(apps, schema_editor):
    chained = [
        m
        for m in apps.get_models()
        if any(f.name == "chain_seq" for f in m._meta.concrete_fields)
    ]
    seal_unchained(
        chained,
        using=schema_editor.connection.alias,
        head_model=apps.get_model("audit", "ChainHead"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("accounts", "0003_audit_chain"),
        ("units", "0002_audit_chain"),
        ("plans", "0004_audit_chain"),
        ("reports", "0004_audit_chain"),
        ("items", "0004_audit_chain"),
        ("reminders", "0003_audit_chain"),
        ("lexicon", "0002_audit_chain"),
        ("plans", "0005_task_doubts"),
        # Never add a dependency here: databases that already ran this seal would refuse
        # to migrate. A column added to a history table later would change its
        # entries' hashes, so such columns are kept out of history (excluded_fields).
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]

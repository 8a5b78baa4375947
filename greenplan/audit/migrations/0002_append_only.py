"""The database refuses to change an audit entry.

Only the columns that say what happened are guarded: deleting an account sets `actor_id` to
NULL (the entry keeps `actor_name`), and that one update stays allowed. Deleting rows is not
refused, because test databases are flushed with DELETE; no code path deletes entries.
"""

from django.db import migrations

GUARDED = "at, actor_name, action, content_type_id, object_id, object_repr, unit_path, unit_code, data"

SQLITE = [
    f"""CREATE TRIGGER audit_logentry_append_only BEFORE UPDATE OF {GUARDED} ON audit_logentry
    BEGIN SELECT RAISE(ABORT, 'audit log entries are never changed'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_logentry_append_only"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_logentry_refuse_change() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit log entries are never changed'; END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_logentry_append_only BEFORE UPDATE OF {GUARDED} ON audit_logentry
    FOR EACH ROW EXECUTE FUNCTION audit_logentry_refuse_change()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_logentry_append_only ON audit_logentry",
    "DROP FUNCTION IF EXISTS audit_logentry_refuse_change()",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]

"""`python -m registry.sql` writes registry/views/reporting.sql from the per-object files."""

from registry.sql import HERE, reporting_sql

(HERE.parent / "views" / "reporting.sql").write_text(reporting_sql(), encoding="utf-8")

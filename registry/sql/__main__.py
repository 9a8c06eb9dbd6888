"""`python -m registry.sql` writes registry/views/reporting.sql from the per-object files;
`python -m registry.sql freeze REV NAME...` copies the named objects' current text to
migrations/sql/versions/NAME/REV.sql, what revision REV's replaceable.replace() runs."""

import sys

from registry.paths import migrations_dir
from registry.sql import HERE, reporting_sql, source

if sys.argv[1:2] == ["freeze"] and len(sys.argv) > 3:
    revision = sys.argv[2]
    for name in sys.argv[3:]:
        folder = migrations_dir() / "sql" / "versions" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{revision}.sql").write_text(source(name), encoding="utf-8")
elif sys.argv[1:]:
    sys.exit(__doc__)
else:
    (HERE.parent / "views" / "reporting.sql").write_text(reporting_sql(), encoding="utf-8")

"""Replace views and functions in place, for revisions from 0011 on.

A revision names the objects it changes, in dependency order (a view after the views
it reads)::

    from registry.sql import replaceable

    def upgrade() -> None:
        replaceable.replace(op, "0011", "reporting.mission", "reporting.head_of_mission")

Each object's text is the one frozen for that revision
(``migrations/sql/versions/<object>/0011.sql``, copied from registry/sql/ by
``python -m registry.sql freeze 0011 reporting.mission ...``), so what the revision
emits never changes after it is released. Before anything is replaced, the upgrade
fails with one line naming any view or function outside the reporting schema (an
analyst's, say) that depends on an object named: the registry never drops what
someone else built, and never uses CASCADE. Then each object is replaced with
CREATE OR REPLACE; where PostgreSQL refuses that (a view losing or retyping a
column, a function changing its result type), with DROP ... RESTRICT and CREATE,
the object's grants given back as they were.
"""

from __future__ import annotations

import re
from typing import Any

from registry.sql import frozen

_CREATE = re.compile(
    r"^CREATE (?:OR REPLACE )?(VIEW|FUNCTION) ((\S+?)\.(\w+))(\([^)]*\))?", re.MULTILINE
)

# The catalog's classes of what a view and a function are.
_CLASS = {"VIEW": "pg_class", "FUNCTION": "pg_proc"}

_GUARD = """DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = '{catalog}'::regclass
       AND d.refobjid IN ({targets})
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace {name}: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$"""

_TARGETS = {
    "VIEW": "SELECT oid FROM pg_class WHERE oid = to_regclass('{name}')",
    "FUNCTION": "SELECT p.oid FROM pg_proc p WHERE p.pronamespace = '{schema}'::regnamespace"
    " AND p.proname = '{short}'",
}

_REPLACE = """DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object${in_place}$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT {acl} INTO grants FROM {catalog} WHERE oid = '{identity}'::{regtype};
    EXECUTE 'DROP {kind} {identity} RESTRICT';
    EXECUTE $object${created}$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON {grant_kind}{identity} TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$"""


def statements(texts: dict[str, str]) -> list[str]:
    """The SQL replacing each object by its text (name -> text, in dependency order):
    every object's guard first, then every replacement."""
    guards, replacements = [], []
    for name, text in texts.items():
        found = _CREATE.search(text)
        if found is None or found.group(2) != name:
            raise ValueError(f"the text given for {name} creates no view or function {name}")
        kind, schema, short = found.group(1), found.group(3), found.group(4)
        identity = name + (found.group(5) or "")
        targets = _TARGETS[kind].format(name=name, schema=schema, short=short)
        guards.append(_GUARD.format(catalog=_CLASS[kind], targets=targets, name=name))
        created = _CREATE.sub(lambda m: m.group(0).replace("OR REPLACE ", ""), text, count=1)
        in_place = created.replace(f"CREATE {kind}", f"CREATE OR REPLACE {kind}", 1)
        replacements.append(
            _REPLACE.format(
                in_place=in_place,
                created=created,
                kind=kind,
                identity=identity,
                catalog=_CLASS[kind],
                acl="relacl" if kind == "VIEW" else "proacl",
                regtype="regclass" if kind == "VIEW" else "regprocedure",
                grant_kind="" if kind == "VIEW" else "FUNCTION ",
            )
        )
    return guards + replacements


def replace(op: Any, revision: str, *names: str) -> None:
    """Replace the named objects with their text frozen for ``revision``."""
    for statement in statements({name: frozen.text(name, revision) for name in names}):
        op.execute(statement)

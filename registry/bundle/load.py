"""The one bulk write path: a bundle of CSV files -> staging tables -> set-based upserts.

A *bundle* is the registry's own exchange format: a directory of UTF-8 CSV files
with header rows that name things by natural keys, never by database ids (see
docs/importing.md). Importers (pocom, Wikidata) write bundles; benchmarks
generate them. ``load_bundle`` streams every file through psycopg's COPY into
TEMP staging tables (rows are checked field by field on the way, so errors
carry file, line and field), resolves references set-wise, and only then
upserts with INSERT ... SELECT, in one transaction under the loader's advisory
lock. Any error: nothing is written.

Facts are append-only (revision 0004): a changed accreditation, tenure or status
change closes the current version's recorded range at now() and inserts a new
version that points back with ``supersedes_id``; a superseded tenure's current
status changes move to the new version the same way. A second identical import
finds every row unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import psycopg

from registry.access import begin_load, check_can_write, end_turn, wait_turn
from registry.bundle import runs
from registry.bundle.checks import (
    CHECKS,
    CITY_REF,
    PARTY_CHECKS,
    duplicates,
    run_checks,
    source_checks,
)
from registry.bundle.columns import BundleFile
from registry.bundle.districts import upsert_districts
from registry.bundle.facts import (
    upsert_accreditations,
    upsert_external_ids,
    upsert_status_changes,
    upsert_tenures,
)
from registry.bundle.lists import upsert_complete_lists
from registry.bundle.read import read_problems, record_rows, staged_rows
from registry.bundle.reference import upsert_city_aliases, upsert_missions, upsert_reference
from registry.bundle.relations import CHECKS as RELATION_CHECKS
from registry.bundle.relations import upsert_relations
from registry.bundle.report import (
    BulkError,
    BulkReport,
    ConnectionLost,
    EmptyBundle,
    Errors,
    Locate,
    Problem,
    Progress,
    Refused,
)
from registry.bundle.runs import Reading
from registry.bundle.seats import CHECKS as SEAT_CHECKS
from registry.bundle.seats import CITY_CHECKS as SEAT_CITY_CHECKS
from registry.bundle.seats import upsert_seats
from registry.bundle.spec import BUNDLE_FILES, BY_FILE, UNMAPPED
from registry.bundle.stage import STAGING_DDL, stage
from registry.names import did_you_mean
from registry.refusals import facts_refused, refusal

WAITING = "waiting for another import or load to finish"

# Whether the facts' statements leave both timelines to one rebuild of the bundle's
# missions at commit (revision 0013). Off, every statement's triggers name their
# missions, as any other writer's do: tests/test_bulk_timelines.py compares the two.
BULK_TIMELINES = True


def load_bundle(
    conn: psycopg.Connection[Any],
    directory: Path,
    *,
    strict: bool = False,
    progress: Callable[[str, int], None] | None = None,
    locate: Locate | None = None,
    reading: Reading | None = None,
) -> BulkReport:
    """Load a bundle directory in one transaction; raise BulkError (nothing written) on
    any error, or under ``strict`` on any unmapped value the bundle reports.
    ``reading``: what an importer read to make the bundle, kept in import_run with
    the report (registry/bundle/runs.py).

    Called on an idle connection, it commits on success. Called inside a transaction
    the caller has open (any query on a non-autocommit connection opens one), it
    works in a savepoint and the caller commits. ``locate`` (an importer's) turns a
    problem found in the bundle into one naming the importer's own file and line.
    Raises EmptyBundle when no file holds a row, access.CannotWrite for a login
    that may not write, ConnectionLost when the server goes away.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BulkError([Problem(str(directory), None, "", "", "not a directory", "error")])
    errors = Errors(locate)
    present = _bundle_files(directory, errors)
    report = BulkReport()
    if UNMAPPED.file in present:
        report.unmapped.extend(read_problems(directory / UNMAPPED.file, errors))
    if errors:
        raise BulkError(errors.items, errors.more)
    if strict:
        refused = [p for p in report.unmapped if p.severity == "unmapped"]
        if refused:
            raise BulkError(refused)

    def rows_of(spec: BundleFile) -> Iterator[tuple[Any, ...]]:
        return staged_rows(directory / spec.file, spec, errors)

    return _write(
        conn, str(directory), present, rows_of, report, errors, strict, progress, reading=reading
    )


def load_rows(
    conn: psycopg.Connection[Any],
    rows: Mapping[str, Sequence[Mapping[str, str]]],
    *,
    locate: Locate | None = None,
    keep_corrections: bool = False,
    replace_reference: bool = False,
    find_refused_row: bool = True,
) -> BulkReport:
    """Load rows of the bundle specification held in memory (file name -> rows, each
    row its columns' values as a CSV cell would give them), as ``load_bundle`` loads
    a directory: the same checks, upserts and transaction. A problem names the row's
    file and its position in ``rows[file]`` (1 for the first), which ``locate`` turns
    into the producer's own place (a seed file's line and field).

    ``keep_corrections``: a current version that corrected an earlier one citing
    another source than the row's is newer evidence than the row, and kept
    (``BulkReport.kept``), as re-seeding keeps a `registry record correction`.
    ``replace_reference``: the rows' parties, cities and their names replace what the
    registry holds of them (the registry's own seed files), instead of being kept.
    Called again in the same transaction, it writes again (its own tables are gone).
    ``find_refused_row``: a statement the database refuses is said at the row that
    caused it (registry/bundle/refusal.py), not as the whole load's."""
    errors = Errors(locate)
    present = {name for name, given in rows.items() if given}
    unknown = present - set(BY_FILE) - {UNMAPPED.file}
    if unknown:  # the producer's mistake, not its input's
        raise ValueError(f"not bundle files: {', '.join(sorted(unknown))}")

    def rows_of(spec: BundleFile) -> Iterator[tuple[Any, ...]]:
        return record_rows(spec, rows[spec.file], errors)

    report = BulkReport()
    try:
        return _write(
            conn,
            "(rows)",
            present,
            rows_of,
            report,
            errors,
            False,
            None,
            keep=keep_corrections,
            replace=replace_reference,
        )
    except Refused as exc:
        if not find_refused_row:
            raise
        from registry.bundle.refusal import refused_row

        def again(given: Mapping[str, Sequence[Mapping[str, str]]]) -> BulkReport:
            return load_rows(
                conn,
                given,
                keep_corrections=keep_corrections,
                replace_reference=replace_reference,
                find_refused_row=False,
            )

        raise refused_row(conn, rows, exc, locate, again) from None


def _write(
    conn: psycopg.Connection[Any],
    label: str,
    present: set[str],
    rows_of: Callable[[BundleFile], Iterator[tuple[Any, ...]]],
    report: BulkReport,
    errors: Errors,
    strict: bool,
    progress: Progress | None,
    *,
    keep: bool = False,
    replace: bool = False,
    reading: Reading | None = None,
) -> BulkReport:
    """The one transaction: stage, check, upsert, queue the timelines."""
    locate = errors.locate
    notices: list[Problem] = []
    committing = False
    turn = False
    try:
        turn = wait_turn(conn, lambda: _step(progress, WAITING))
        with conn.transaction(), conn.cursor() as cur:
            check_can_write(conn)
            begin_load(cur, lambda: _step(progress, WAITING))
            held = _temp_tables(cur)
            mark = runs.begin(cur, reading) if reading is not None else None
            cur.execute(STAGING_DDL)
            default_source, staged = stage(conn, present, rows_of, progress)
            errors.read_lines = set(errors.lines)
            if not staged and not errors:
                raise _Empty
            if errors.incomplete:
                raise _Abort
            cur.execute(
                "SELECT set_config('registry.bulk_source', %s, true)", (default_source or "",)
            )
            # Revision 0013: the facts' triggers skip this transaction's statements;
            # _queue_timelines() names their missions once, at the end.
            if BULK_TIMELINES:
                cur.execute("SELECT set_config('registry.bulk', 'on', true)")
            duplicates(cur, errors, notices)
            run_checks(cur, CHECKS + RELATION_CHECKS + SEAT_CHECKS + source_checks(), errors)
            if errors:
                raise _Abort
            _step(progress, "sources, parties, cities, people")
            upsert_reference(cur, report, replace)
            cur.execute(CITY_REF)
            cur.execute("CREATE INDEX ON city_ref (ref)")
            run_checks(cur, PARTY_CHECKS + SEAT_CITY_CHECKS, errors)
            if errors:
                raise _Abort
            upsert_city_aliases(cur, report, replace)
            _step(progress, "missions")
            upsert_missions(cur, report)
            upsert_accreditations(cur, report, errors, keep=keep)
            if errors:
                raise _Abort
            upsert_districts(cur, report)
            upsert_seats(cur, report, errors)
            if errors:
                raise _Abort
            _step(progress, "tenures")
            upsert_tenures(cur, report, errors, keep=keep)
            if errors:
                raise _Abort
            _step(progress, "status changes")
            upsert_status_changes(cur, report, errors, keep=keep)
            if errors:
                raise _Abort
            upsert_relations(cur, report)
            upsert_complete_lists(cur, report, errors)
            if errors:
                raise _Abort
            upsert_external_ids(cur, report, notices)
            if BULK_TIMELINES:
                _queue_timelines(cur)
                # A caller's transaction may go on writing facts: its triggers again.
                cur.execute("SELECT set_config('registry.bulk', 'off', true)")
            report.unmapped.extend(locate(p) if locate else p for p in notices)
            if strict and any(p.severity == "unmapped" for p in report.unmapped):
                for p in report.unmapped:
                    if p.severity == "unmapped":
                        errors.add_problem(p)
                raise _Abort
            if reading is not None:
                runs.keep(cur, reading, mark, report)
            _drop_temp_tables(cur, held)
            committing = True
    except _Abort:
        raise BulkError(errors.items, errors.more) from None
    except _Empty:
        raise EmptyBundle([Problem(label, None, "", "", _nothing(present))]) from None
    except psycopg.Error as exc:
        if conn.broken or conn.closed:
            raise ConnectionLost(committing, refusal(exc).first_line) from None
        problem = Problem("(database)", None, "", "", facts_refused(refusal(exc)), "error")
        raise Refused([problem], exc.diag.table_name) from None
    finally:
        if turn:
            end_turn(conn)
    return report


def _bundle_files(directory: Path, errors: Errors) -> set[str]:
    """The bundle's files in ``directory``. Any other CSV file is an error (a misspelt
    name would otherwise be skipped, and its rows with it); a file listed here that
    cannot be read (a broken link, a directory) is one when it is read."""
    try:
        entries = sorted(os.listdir(directory))
    except OSError as exc:
        errors.add(str(directory), None, "", "", f"cannot read it ({exc.strerror or exc})")
        return set()
    present: set[str] = set()
    for entry in entries:
        if entry in BUNDLE_FILES:
            present.add(entry)
        elif entry.lower().endswith(".csv"):
            errors.add(
                entry,
                None,
                "",
                "",
                f"not a bundle file{did_you_mean(entry, BUNDLE_FILES)}; a bundle's files are "
                f"{', '.join(BUNDLE_FILES)}",
            )
            errors.incomplete = True
    return present


def _nothing(present: set[str]) -> str:
    files = [f for f in BUNDLE_FILES if f in present and f != UNMAPPED.file]
    if not files:
        return f"nothing to import: no bundle files ({', '.join(BUNDLE_FILES[:-1])})"
    return f"nothing to import: {', '.join(files)} hold no rows"


def _temp_tables(cur: psycopg.Cursor[Any]) -> set[str]:
    rows = cur.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r'"
    ).fetchall()
    return {name for (name,) in rows}


def _drop_temp_tables(cur: psycopg.Cursor[Any], held: set[str]) -> None:
    """The load's own staging and working tables, so that a caller's transaction may
    load again (a seed load writes its parties, the world, then its cities and facts);
    tables it held before are its own."""
    mine = sorted(_temp_tables(cur) - held)
    if mine:
        cur.execute(f"DROP TABLE {', '.join(mine)}")


def _queue_timelines(cur: psycopg.Cursor[Any]) -> None:
    """The missions whose facts this load wrote (a new or superseded accreditation,
    seat, tenure or status change; a superseded tenure's moved changes go with it), queued in
    one row: both timelines of those missions are rebuilt once, set-based, at commit
    (heads_timeline_refresh_queued), with any the other tables' triggers queued. An
    unchanged re-import queues none, as the triggers would."""
    cur.execute(
        """
        INSERT INTO heads_timeline_queue (mission_ids)
        SELECT array_agg(mission_id) FROM (
            SELECT mission_id FROM d_accreditation
             WHERE current_id IS NULL OR current_resident IS DISTINCT FROM resident
            UNION
            SELECT mission_id FROM d_tenure WHERE current_id IS NULL OR changed
            UNION
            SELECT coalesce(d.mission_id, t.mission_id)
              FROM d_status d LEFT JOIN d_tenure t ON t.tenure_id = d.tenure_id
             WHERE d.current_id IS NULL OR d.changed
            UNION
            SELECT mission_id FROM d_seat WHERE current_id IS NULL OR changed
        ) written
        WHERE mission_id IS NOT NULL
        HAVING count(*) > 0
        """
    )


class _Empty(Exception):
    """Leave the transaction block: no row in any file."""


class _Abort(Exception):
    """Leave the transaction block (rolling back) to raise the collected errors."""


def _step(progress: Progress | None, name: str) -> None:
    if progress:
        progress(name, 0)

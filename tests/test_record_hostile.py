"""`registry record` and the names it folds, against hostile input (issue 15): names in
every script, look-alike letters, NUL bytes, control characters and over-long values in
every option, two clerks at once, and every refusal the database can give as one line
naming the option, exit 2, nothing written."""

from __future__ import annotations

import json
import random
import re
import string
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark import ParameterSet
from sqlalchemy import URL, create_engine
from sqlalchemy.pool import NullPool

from registry import limits
from registry.dates import PartialDate
from registry.limits import KEY, TEXT, TITLE
from registry.names import fold, mixed_scripts, slug
from registry.record import (
    Appointment,
    Event,
    MissionRef,
    PersonRef,
    RecordError,
    SourceRef,
    record_appointment,
    record_event,
)
from registry.record.lock import NOT_INPUT, REFUSALS, _refused
from tests.conftest import Registry

ROOT = Path(__file__).parents[1]
_OLD_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold_before_0010(text: str) -> str:
    """registry.names.fold as it was when every stored search key so far was made."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("'", "")
    return _OLD_NON_ALNUM.sub(" ", stripped.casefold()).strip()


def _of_another_script(text: str) -> bool:
    return any(
        ch.isalpha() and not unicodedata.name(ch, "?").startswith(("LATIN", "MODIFIER"))
        for ch in unicodedata.normalize("NFKD", text)
    )


# --- names in every script ---------------------------------------------------------


def test_every_latin_letter_folds_as_it_did_so_stored_keys_still_match() -> None:
    changed = [
        f"U+{cp:04X}"
        for cp in range(0x20, 0x30000)
        if unicodedata.name(chr(cp), "").startswith("LATIN") or cp < 0x80
        if fold(f"ab{chr(cp)}cd") != fold_before_0010(f"ab{chr(cp)}cd")
    ]
    assert changed == []


def test_an_ascii_name_takes_the_short_way_to_the_same_key() -> None:
    # fold() answers an ASCII text without decomposing it (most of a bundle's names).
    rng = random.Random(1815)
    alphabet = string.printable + "''--"
    texts = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 2 * limits.NAME)))
        for _ in range(5_000)
    ]
    changed = [t for t in texts if fold(t) != fold_before_0010(t)[: limits.NAME].rstrip()]
    assert changed == []


def _texts() -> list[str]:
    """Every cell of the seeds, the bundled reference data and the test samples
    (and ../shared/data when it is there), split at the separators of their formats."""
    roots = [ROOT / "seeds", ROOT / "registry" / "data", ROOT / "tests" / "data"]
    roots += [p for p in [ROOT.parent / "shared" / "data"] if p.is_dir()]
    cells: set[str] = set()
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in (".yaml", ".csv", ".xml", ".tsv", ".json"):
                text = path.read_text(encoding="utf-8")
                cells.update(re.split(r"[\n\t;,<>\"]|: ", text))
    return sorted(cells)


def test_the_seeds_and_samples_fold_to_the_keys_they_were_stored_with() -> None:
    cells = _texts()
    assert len(cells) > 10_000
    # (A name is at most limits.NAME long: longer cells are URLs and notes, never folded.)
    latin = [c for c in cells if len(c) <= limits.NAME and not _of_another_script(c)]
    changed = [c for c in latin if fold(c) != fold_before_0010(c)]
    assert changed == []


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Нурсултан Назарбаев", "нурсултан-назарбаев"),
        ("ЁЛКИН Й.", "елкин-и"),
        ("王毅", "王毅"),
        ("김정은", "김정은"),
        ("محمد بن سلمان", "محمد-بن-سلمان"),
        ("Αλέξης Τσίπρας", "αλεξησ-τσιπρασ"),  # casefold: final sigma is sigma
        ("नरेन्द्र मोदी", "नरेनदर-मोदी"),
        ("Daulet Yesengeldiyev", "daulet-yesengeldiyev"),
    ],
)
def test_a_name_in_any_script_has_a_key_of_its_letters(name: str, key: str) -> None:
    assert slug(name) == key
    assert fold(name.upper()) == fold(name.lower()) == key.replace("-", " ")


def test_a_key_fits_its_column_however_a_name_decomposes() -> None:
    # U+FDFA decomposes into 18 letters: 300 of them would make a 5,400-letter key.
    assert len(fold("\ufdfa" * limits.NAME)) <= limits.NAME
    assert len(slug("a-" * limits.NAME)) <= limits.NAME


def test_a_latin_name_with_a_cyrillic_letter_is_named_as_mixed() -> None:
    assert mixed_scripts("Yes\u0435ngeldiyev") == (
        "mixes scripts: Cyrillic е (U+0435) among Latin letters"
    )
    assert mixed_scripts("Yesengeldiyev") is None
    assert mixed_scripts("Нурсултан Назарбаев") is None
    assert mixed_scripts("山田たろう") is None  # Japanese: Han with kana
    assert mixed_scripts("Ṣalāḥ ad-Dīn ʻAlī") is None  # accents and the ʻokina are Latin's


# --- every option: NUL, control characters, over-long values ------------------------

COUNTS = (
    "SELECT (SELECT count(*) FROM tenure), (SELECT count(*) FROM status_change),"
    " (SELECT count(*) FROM person), (SELECT count(*) FROM source),"
    " (SELECT count(*) FROM mission), (SELECT count(*) FROM mission_source)"
)
NEWS = (
    "--source-title",
    "New chargé d'affaires in Kabul",
    "--source-publisher",
    "Kazinform",
    "--source-date",
    "2025-03-12",
)
SEED = ("--source", "kabul-2024-09")
V = "{value}"  # where the hostile value goes
APPOINT = ("--rank", "charge-d-affaires", "--ad-interim", "--from", "2025-03")
STATUS = ("status", "suspended", "kazakhstan", "kabul", "--on", "2026-01")


def case(option: str, *args: str, limit: int = limits.NAME, notes: bool = False) -> ParameterSet:
    """A command with the hostile value (V) in ``option``, which may be at most ``limit``
    long (a name, unless given) and may span lines when it is a note."""
    return pytest.param(option, args, limit, notes, id=f"{args[0]} {option}")


KZ_KABUL = ("KZ", "kabul")
OPTIONS = [
    case("SENDING", "appointment", V, "kabul", "--new-person", "X", *APPOINT, *NEWS),
    case("CITY", "appointment", "KZ", V, "--new-person", "X", *APPOINT, *NEWS),
    case("--kind", "appointment", *KZ_KABUL, "--kind", V, "--unnamed", *APPOINT, *SEED, limit=KEY),
    case("--person", "appointment", *KZ_KABUL, "--person", V, *APPOINT, *SEED),
    case("--new-person", "appointment", *KZ_KABUL, "--new-person", V, *APPOINT, *NEWS),
    case(
        "--description",
        *("appointment", *KZ_KABUL, "--new-person", "X", "--description", V, *APPOINT, *SEED),
        limit=TEXT,
        notes=True,
    ),
    case("--rank", "appointment", *KZ_KABUL, "--unnamed", "--rank", V, "--from", "2025", *SEED),
    case("--from", "appointment", *KZ_KABUL, "--unnamed", "--rank", "envoy", "--from", V, *SEED),
    case("--attested", "appointment", *KZ_KABUL, "--unnamed", *APPOINT, "--attested", V, *SEED),
    case("--until", "appointment", *KZ_KABUL, "--unnamed", *APPOINT, "--until", V, *SEED),
    case("--credentials", "appointment", *KZ_KABUL, "--unnamed", *APPOINT, "--credentials", V),
    case(
        "--credentials-to", "appointment", *KZ_KABUL, "--unnamed", *APPOINT, "--credentials-to", V
    ),
    case("--resident-at", "appointment", *KZ_KABUL, "--unnamed", *APPOINT, "--resident-at", V),
    case(
        "--note",
        "appointment",
        *KZ_KABUL,
        "--unnamed",
        *APPOINT,
        "--note",
        V,
        limit=TEXT,
        notes=True,
    ),
    case("--source", "appointment", *KZ_KABUL, "--unnamed", *APPOINT, "--source", V, limit=KEY),
    case("--source-title", *STATUS, "--source-title", V, *NEWS[2:], limit=TITLE),
    case("--source-publisher", *STATUS, *NEWS[:2], "--source-publisher", V, *NEWS[4:], limit=TITLE),
    case("--source-date", *STATUS, *NEWS[:4], "--source-date", V),
    case("--source-url", *STATUS, *NEWS, "--source-url", V, limit=TEXT),
    case("CHANGE", "status", V, *KZ_KABUL, "--on", "2026-01", *SEED),
    case("--on", "status", "suspended", *KZ_KABUL, "--on", V, *SEED),
    case("--actor", *STATUS, "--actor", V, *SEED),
    case(
        "--authority",
        "recognition",
        "recognised-legitimate",
        "AF",
        "berlin",
        "--on",
        "2024",
        "--authority",
        V,
        *SEED,
    ),
    case("--note", *STATUS, "--note", V, *SEED, limit=TEXT, notes=True),
    case("CAUSE", "departure", V, *KZ_KABUL, "--on", "2026-01", *SEED),
    case("--to", "credentials", "CN", "kabul", "--to", V, *SEED),
    case("KIND", "correction", V, "1", *SEED),
    case("--change", "correction", "status-change", "1", "--change", V, *SEED),
    case("--note", "correction", "tenure", "1", "--note", V, *SEED, limit=TEXT, notes=True),
]


def refused(reg: Registry, args: tuple[str, ...]) -> str:
    """Runs a recording that must be refused: its one line, exit 2, nothing written."""
    before = reg.sql(COUNTS)
    code, out, err = reg("record", *args)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and err.endswith("; nothing written\n"), err
    assert reg.sql(COUNTS) == before
    return err


def hostile(args: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(value if a == V else a for a in args)


@pytest.mark.parametrize(("option", "args", "limit", "notes"), OPTIONS)
def test_a_nul_byte_in_any_option_is_one_line_naming_it(
    registry: Registry, option: str, args: tuple[str, ...], limit: int, notes: bool
) -> None:
    err = refused(registry, hostile(args, "Kab\x00ul"))
    assert err == f"registry: {option}: contains a NUL character; nothing written\n"


@pytest.mark.parametrize(("option", "args", "limit", "notes"), OPTIONS)
def test_a_control_character_in_any_option_is_one_line_naming_it(
    registry: Registry, option: str, args: tuple[str, ...], limit: int, notes: bool
) -> None:
    err = refused(registry, hostile(args, "Ka\x1b[2Jbul"))
    assert err == (
        f"registry: {option}: contains the control character U+001B at position 3; "
        "nothing written\n"
    )
    if not notes:  # a line break only in a note or description
        err = refused(registry, hostile(args, "Ka\nbul"))
        assert "contains the control character U+000A at position 3" in err


@pytest.mark.parametrize(("option", "args", "limit", "notes"), OPTIONS)
def test_a_value_too_long_for_any_option_is_one_line_naming_it(
    registry: Registry, option: str, args: tuple[str, ...], limit: int, notes: bool
) -> None:
    err = refused(registry, hostile(args, "é" * (limit + 1)))
    assert err == (
        f"registry: {option}: is {limit + 1:,} characters long; at most {limit:,} are allowed; "
        "nothing written\n"
    )


@pytest.mark.parametrize(("option", "args", "limit", "notes"), OPTIONS[:3])
def test_bytes_that_are_not_utf8_in_an_option_are_one_line_naming_it(
    registry: Registry, option: str, args: tuple[str, ...], limit: int, notes: bool
) -> None:
    """Undecodable bytes on the command line reach Python as lone surrogates."""
    err = refused(registry, hostile(args, b"Kab\xffl".decode("utf-8", "surrogateescape")))
    assert err == f"registry: {option}: is not valid UTF-8 text; nothing written\n"


@pytest.mark.parametrize(("option", "args", "limit", "notes"), OPTIONS)
def test_an_invisible_character_in_a_one_line_option_is_one_line_naming_it(
    registry: Registry, option: str, args: tuple[str, ...], limit: int, notes: bool
) -> None:
    """A zero-width space: 'Kab\u200bul' looks like Kabul and is not it. A note keeps it."""
    if notes:
        return
    err = refused(registry, hostile(args, "Kab\u200bul"))
    assert err == (
        f"registry: {option}: contains the invisible character U+200B at position 4, "
        "which would make it look like another; nothing written\n"
    )
    assert (
        refused(registry, hostile(args, "   "))
        == f"registry: {option}: is blank; nothing written\n"
    )


def recorded(reg: Registry, *args: str) -> tuple[str, str]:
    code, out, err = reg("record", *args)
    assert code == 0, err
    return out, err


# --- names in every script, and look-alike letters ----------------------------------


@pytest.mark.parametrize(
    ("name", "key", "typed"),
    [
        ("Нурлан Ермекбаев", "нурлан-ермекбаев", "ЕРМЕКБАЕВ"),
        ("王毅", "王毅", "王毅"),
        ("عبد الله بن زايد", "عبد-الله-بن-زايد", "بن زايد"),
    ],
)
def test_a_head_named_only_in_cyrillic_chinese_or_arabic_is_recorded_and_found(
    fresh_registry: Registry, name: str, key: str, typed: str
) -> None:
    out, err = recorded(
        fresh_registry,
        *("appointment", "kazakhstan", "kabul", "--new-person", name, *APPOINT, *NEWS),
    )
    assert f"recorded: {name} (key {key})" in out
    assert err == ""
    code, found, _ = fresh_registry("person", typed, "--format", "json")
    assert code == 0 and json.loads(found)[0]["person"] == name


def test_a_latin_name_with_a_cyrillic_letter_is_recorded_with_a_warning(
    fresh_registry: Registry,
) -> None:
    """Yesengeldiyev typed with a Cyrillic е is another key, so another person: said on
    stderr in one line, after what was recorded."""
    look_alike = "Daulet Yes\u0435ngeldiyev"
    out, err = recorded(
        fresh_registry,
        *("appointment", "kazakhstan", "kabul", "--new-person", look_alike, *APPOINT, *NEWS),
    )
    assert f"recorded: {look_alike}" in out
    assert err == (
        f"registry: warning: --new-person: {look_alike!r} mixes scripts: Cyrillic е (U+0435) "
        "among Latin letters: is each letter the one meant?\n"
    )


def test_a_name_of_punctuation_alone_matches_nobody(registry: Registry) -> None:
    """Folded, it is empty: it once matched every person (LIKE '%%')."""
    assert registry("person", "!!!") == (2, "", "registry: no person '!!!'\n")


def test_undecodable_bytes_in_a_read_commands_party_are_an_unknown_party(
    registry: Registry,
) -> None:
    party = b"K\xffZ".decode("utf-8", "surrogateescape")
    assert registry("represents", party) == (2, "", "registry: no party 'K\\udcffZ'\n")


# --- two clerks at once ---------------------------------------------------------------


def _while_the_first_clerk_holds(
    reg: Registry, url: URL, first: Callable[[Any], Any], second: tuple[str, ...]
) -> tuple[int, str, str]:
    """The first clerk records through registry.record and keeps the transaction open;
    the second runs `registry record ...` meanwhile and is blocked behind the first,
    which then commits. The second's exit code, stdout and stderr."""
    engine = create_engine(url, poolclass=NullPool)
    outcome: dict[str, Any] = {}
    try:
        with engine.connect() as conn:
            tx = conn.begin()
            first(conn)
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            thread = threading.Thread(target=lambda: outcome.update(b=reg("record", *second)))
            thread.start()
            while not reg.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                f" AND {pid} = ANY(pg_blocking_pids(pid))"
            )[0][0]:
                assert thread.is_alive(), outcome
                time.sleep(0.01)
            tx.commit()
            thread.join()
    finally:
        engine.dispose()
    result: tuple[int, str, str] = outcome["b"]
    return result


def test_two_clerks_recording_the_same_new_mission_at_once_the_second_gets_the_conflict(
    fresh_registry: Registry, seeded_db: URL
) -> None:
    opening = ("--new-mission", "--kind", "embassy", "--on", "2026-01", *SEED)
    event = Event(
        mission=MissionRef("brazil", "kabul", "embassy", new=True),
        change="opened",
        on=PartialDate.parse("2026-01"),
        source=SourceRef("kabul-2024-09"),
    )
    code, out, err = _while_the_first_clerk_holds(
        fresh_registry,
        seeded_db,
        lambda conn: record_event(conn, event, lambda code, applies_to, status: True),
        ("status", "opened", "brazil", "kabul", *opening),
    )
    (mission_id,) = fresh_registry.sql(
        "SELECT mission_id FROM reporting.mission WHERE sending_code = 'BR' AND city = 'Kabul'"
    )[0]
    assert (code, out) == (2, "")
    assert err == (
        "registry: Brazil embassy in Kabul: someone else recorded a fact of this mission at the "
        f"same moment: see `registry history {mission_id}` and record again; nothing written\n"
    )
    assert fresh_registry.sql(
        f"SELECT count(*) FROM status_change WHERE kind = 'opened' AND mission_id = {mission_id}"
    ) == [(1,)]


def test_two_clerks_recording_the_same_new_person_at_once_the_second_is_told_to_name_them(
    fresh_registry: Registry, seeded_db: URL
) -> None:
    first = Appointment(
        mission=MissionRef("egypt", "kabul"),
        person=PersonRef("Ilham Guliyev", new=True),
        rank="charge-d-affaires",
        source=SourceRef("kabul-2024-09"),
        attested=PartialDate.parse("2025-05"),
        ad_interim=True,
    )
    code, out, err = _while_the_first_clerk_holds(
        fresh_registry,
        seeded_db,
        lambda conn: record_appointment(conn, first),
        (
            "appointment",
            "ES",
            "kabul",
            "--new-person",
            "Ilham Guliyev",
            "--rank",
            "charge-d-affaires",
            "--ad-interim",
            "--attested",
            "2025-05",
            *SEED,
        ),
    )
    assert (code, out) == (2, "")
    assert err == (
        "registry: --new-person: 'Ilham Guliyev' (key ilham-guliyev) is on record already: "
        "use --person to name them; nothing written\n"
    )


def test_two_clerks_citing_the_same_new_article_at_once_record_one_source(
    fresh_registry: Registry, seeded_db: URL
) -> None:
    event = Event(
        mission=MissionRef("kazakhstan", "kabul"),
        change="suspended",
        on=PartialDate.parse("2026-01"),
        source=SourceRef(None, NEWS[1], NEWS[3], PartialDate.parse(NEWS[5])),
    )
    code, _, err = _while_the_first_clerk_holds(
        fresh_registry,
        seeded_db,
        lambda conn: record_event(conn, event, lambda code, applies_to, status: True),
        ("status", "suspended", "CN", "kabul", "--on", "2026-01", *NEWS),
    )
    assert code == 0, err
    assert fresh_registry.sql(
        f"SELECT count(*) FROM source WHERE title = '{NEWS[1].replace(chr(39), chr(39) * 2)}'"
    ) == [(1,)]


# --- every refusal of the database names an option ------------------------------------


def test_every_constraint_a_recording_can_meet_has_a_message_naming_an_option(
    registry: Registry,
) -> None:
    """The constraints and unique indexes of every table `registry record` writes."""
    names = {
        name
        for (name,) in registry.sql(
            # NOT NULL (listed by PostgreSQL 18): the recorder fills every such column itself.
            "SELECT conname FROM pg_constraint WHERE conrelid = ANY(ARRAY['person', 'source',"
            " 'mission', 'mission_source', 'tenure', 'status_change', 'mission_seat']::regclass[])"
            " AND contype <> 'n'"
            " UNION SELECT indexrelid::regclass::text FROM pg_index WHERE indisunique"
            " AND indrelid = ANY(ARRAY['tenure', 'status_change']::regclass[])"
        )
    }
    handled = (
        set(REFUSALS)
        | NOT_INPUT
        | {"ex_tenure_one_head_at_a_time", "ex_mission_seat_one_seat_at_a_time"}
    )
    assert sorted(names - handled) == []


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "INSERT INTO person (key, name, search_key, source_id)"
            " SELECT 'x', repeat('x', 301), 'x', id FROM source LIMIT 1",
            "--new-person: is longer than 300 characters",
        ),
        (
            "UPDATE tenure SET recorded = tstzrange(lower(recorded), now())"
            " WHERE id = (SELECT min(id) FROM tenure WHERE upper_inf(recorded));"
            " INSERT INTO tenure (mission_id, rank_code, valid, start_precision, source_id,"
            " credentials_on, credentials_precision, note)"
            " SELECT mission_id, rank_code, daterange('2020-01-01', NULL), 'day', source_id,"
            " '2019-01-01', 'day', NULL FROM tenure WHERE id = (SELECT min(id) FROM tenure)",
            "--on: before the tenure starts",
        ),
        (
            "INSERT INTO status_change (kind, occurred_on, occurred_precision, mission_id,"
            " source_id, note) SELECT 'opened', '2020-01-01', 'day', id, source_id,"
            " repeat('n', 4001) FROM mission LIMIT 1",
            "--note: is longer than 4,000 characters",
        ),
    ],
)
def test_a_refusal_of_the_database_is_one_line_naming_the_option(
    seeded_db: URL, statement: str, message: str
) -> None:
    engine = create_engine(seeded_db, poolclass=NullPool)
    try:
        with (
            engine.connect() as conn,
            conn.begin(),
            pytest.raises(RecordError) as refusal,
            _refused(credentials="--on"),
        ):
            for part in statement.split("; "):
                conn.exec_driver_sql(part)
    finally:
        engine.dispose()
    assert str(refusal.value) == message


def test_a_correction_onto_a_change_on_record_is_refused_naming_the_option(
    fresh_registry: Registry,
) -> None:
    ids = []
    for change, on in (("suspended", "2025-02"), ("resumed", "2025-03"), ("suspended", "2025-04")):
        out, _ = recorded(fresh_registry, "status", change, "CN", "kabul", "--on", on, *SEED)
        ids.append(int(re.search(r"status change (\d+) recorded", out).group(1)))  # type: ignore[union-attr]
    err = refused(
        fresh_registry, ("correction", "status-change", str(ids[2]), "--on", "2025-02", *SEED)
    )
    assert err == (
        f"registry: --on: suspended on 2025-02 is on record already (status change {ids[0]}): "
        "correct or retract that one instead; nothing written\n"
    )


@pytest.mark.parametrize(("option", "args", "limit", "notes"), [OPTIONS[4], OPTIONS[13]])
def test_a_bidirectional_override_in_an_option_is_one_line_naming_it(
    registry: Registry, option: str, args: tuple[str, ...], limit: int, notes: bool
) -> None:
    """U+202E shows what follows right to left: a name that reads as another."""
    err = refused(registry, hostile(args, "Ali\u202evokin"))
    assert err == (
        f"registry: {option}: contains the bidirectional control character U+202E at "
        "position 4, which would show the text in another order; nothing written\n"
    )

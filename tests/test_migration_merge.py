"""Revision 0020 on a database loaded before 0011: Dahomey, Burma, Zaire and Upper
Volta were parties of their own; after the upgrade each is its current party's dated
name, with every fact it held."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import URL

from registry import schema
from tests.conftest import Databases, _dsn

# A registry at 0010: the US had an embassy in Cotonou under Dahomey (DYBJ) and
# another under Benin (BJ); France one under Dahomey only; Burma's Rangoon is a city
# of BUMM. Each row as the loader of the time wrote it.
AT_0010 = """
INSERT INTO source (key, title, publisher, published_on, published_precision)
VALUES ('pocom', 'Principal Officers and Chiefs of Mission', 'Office of the Historian',
        '2024-01-01', 'day');
INSERT INTO party (code, name, kind, source_id)
SELECT code, name, 'state', (SELECT id FROM source) FROM (VALUES
    ('US', 'United States'), ('FR', 'France'), ('BJ', 'Benin'), ('DYBJ', 'Dahomey'),
    ('MM', 'Myanmar'), ('BUMM', 'Burma')) AS p(code, name);
INSERT INTO party_alias (party_id, alias, search_key, source_id)
SELECT id, name, lower(name), source_id FROM party;
INSERT INTO party_alias (party_id, alias, search_key, source_id)
SELECT id, 'Republic of Dahomey', 'republic of dahomey', source_id FROM party
 WHERE code = 'DYBJ';
INSERT INTO city (party_id, key, name, search_key, source_id)
SELECT p.id, c.key, c.name, lower(c.name), p.source_id FROM party p JOIN (VALUES
    ('DYBJ', 'cotonou', 'Cotonou'), ('BJ', 'cotonou', 'Cotonou'),
    ('DYBJ', 'porto-novo', 'Porto-Novo'), ('BUMM', 'rangoon', 'Rangoon'))
    AS c(party, key, name) ON p.code = c.party;
INSERT INTO mission (sending_party_id, host_party_id, city_id, kind, source_id)
SELECT s.id, h.id, c.id, 'embassy', s.source_id
  FROM (VALUES ('US', 'DYBJ', 'cotonou'), ('US', 'BJ', 'cotonou'),
               ('FR', 'DYBJ', 'porto-novo'), ('US', 'BUMM', 'rangoon')) AS m(s, h, c)
  JOIN party s ON s.code = m.s JOIN party h ON h.code = m.h
  JOIN city c ON c.party_id = h.id AND c.key = m.c;
INSERT INTO accreditation (mission_id, party_id, resident, source_id)
SELECT m.id, m.host_party_id, true, m.source_id FROM mission m;
INSERT INTO person (key, name, search_key, source_id)
SELECT k, n, lower(n), (SELECT id FROM source) FROM (VALUES
    ('wilkowski-robert', 'Robert Wilkowski'), ('hobson-brooks', 'Brooks Hobson'),
    ('haley-ruth', 'Ruth Haley')) AS p(k, n);
INSERT INTO tenure (mission_id, person_id, rank_code, valid, source_id)
SELECT m.id, p.id, 'ambassador-e-p', t.valid::daterange, m.source_id
  FROM (VALUES ('DYBJ', 'wilkowski-robert', '[1961-03-01,1964-05-01)'),
               ('BJ', 'hobson-brooks', '[1976-02-01,1979-01-01)'),
               ('BUMM', 'haley-ruth', '[1959-06-01,1962-07-01)')) AS t(host, person, valid)
  JOIN party h ON h.code = t.host
  JOIN mission m ON m.host_party_id = h.id
   AND m.sending_party_id = (SELECT id FROM party WHERE code = 'US')
  JOIN person p ON p.key = t.person;
INSERT INTO status_change (kind, occurred_on, occurred_precision, mission_id, source_id)
SELECT 'opened', '1960-08-01', 'day', m.id, m.source_id FROM mission m
  JOIN party h ON h.id = m.host_party_id AND h.code = 'DYBJ'
 WHERE m.sending_party_id = (SELECT id FROM party WHERE code = 'US');
-- A correction at 0010: the accreditation of France's embassy superseded by a version
-- saying it is not resident; the first version stays, closed.
WITH old AS (
    UPDATE accreditation SET recorded = tstzrange(lower(recorded), now())
     WHERE mission_id = (SELECT m.id FROM mission m JOIN party s ON s.id = m.sending_party_id
                          WHERE s.code = 'FR')
    RETURNING *)
INSERT INTO accreditation (mission_id, party_id, resident, source_id, supersedes_id)
SELECT mission_id, party_id, false, source_id, id FROM old;
"""

# At 0019 (dated seats): the US embassy under Dahomey sat at Porto-Novo until 1965.
AT_0019 = """
INSERT INTO mission_seat (mission_id, city_id, valid, start_precision, end_precision, source_id)
SELECT m.id, c.id, '[1960-08-01,1965-01-01)', 'day', 'day', m.source_id
  FROM mission m JOIN party h ON h.id = m.host_party_id AND h.code = 'DYBJ'
  JOIN party s ON s.id = m.sending_party_id AND s.code = 'US'
  JOIN city c ON c.party_id = h.id AND c.key = 'porto-novo';
"""


def sql(url: URL, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(_dsn(url)) as conn:
        return conn.execute(query).fetchall()


@pytest.fixture(scope="module")
def merged(databases: Databases) -> URL:
    """The registry above, upgraded from 0010 to head."""
    url = databases.create()
    config: Any = schema.alembic_config(url)
    command.upgrade(config, "0010")
    with psycopg.connect(_dsn(url)) as conn:
        conn.execute(AT_0010)
    command.upgrade(config, "0019")
    with psycopg.connect(_dsn(url)) as conn:
        conn.execute(AT_0019)
    command.upgrade(config, "heads")
    return url


def test_dahomey_burma_zaire_and_upper_volta_are_no_parties_of_their_own(merged: URL) -> None:
    assert sql(merged, "SELECT code FROM party ORDER BY code") == [
        ("BJ",),
        ("FR",),
        ("MM",),
        ("US",),
    ]
    assert sql(
        merged,
        "SELECT a.alias, a.valid::text FROM party_alias a JOIN party p ON p.id = a.party_id "
        "WHERE p.code = 'BJ' ORDER BY a.alias",
    ) == [
        ("Benin", None),
        ("DYBJ", None),  # the ISO 3166-3 code names the same party
        ("Dahomey", "[1960-08-01,1975-11-30)"),
        ("Republic of Dahomey", None),
    ]


def test_the_us_embassy_in_cotonou_is_one_mission_with_both_ambassadors(merged: URL) -> None:
    assert sql(
        merged,
        "SELECT s.code, h.code, c.name, count(DISTINCT t.id), "
        "       string_agg(DISTINCT p.key, ' ' ORDER BY p.key) "
        "  FROM mission m JOIN party s ON s.id = m.sending_party_id "
        "  JOIN party h ON h.id = m.host_party_id JOIN city c ON c.id = m.city_id "
        "  LEFT JOIN tenure t ON t.mission_id = m.id AND upper_inf(t.recorded) "
        "  LEFT JOIN person p ON p.id = t.person_id "
        " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ) == [
        ("FR", "BJ", "Porto-Novo", 0, None),
        ("US", "BJ", "Cotonou", 2, "hobson-brooks wilkowski-robert"),
        ("US", "MM", "Rangoon", 1, "haley-ruth"),
    ]
    # its opening under Dahomey is the embassy's, and Benin's cities are one per name
    assert sql(
        merged,
        "SELECT sc.kind, sc.occurred_on::text, c.name FROM status_change sc "
        "JOIN mission m ON m.id = sc.mission_id JOIN city c ON c.id = m.city_id",
    ) == [("opened", "1960-08-01", "Cotonou")]
    assert sql(
        merged,
        "SELECT p.code, c.key FROM city c JOIN party p ON p.id = c.party_id ORDER BY 1, 2",
    ) == [("BJ", "cotonou"), ("BJ", "porto-novo"), ("MM", "rangoon")]


def test_the_us_embassy_is_accredited_once_and_every_version_names_benin(merged: URL) -> None:
    assert sql(
        merged,
        "SELECT s.code, p.code, a.resident, upper_inf(a.recorded), a.supersedes_id IS NOT NULL "
        "  FROM accreditation a JOIN mission m ON m.id = a.mission_id "
        "  JOIN party s ON s.id = m.sending_party_id JOIN party p ON p.id = a.party_id "
        " ORDER BY 1, 2, 4, 5",
    ) == [
        # France's correction kept: the first version closed, the second current
        ("FR", "BJ", True, False, False),
        ("FR", "BJ", False, True, True),
        # the US embassy was accredited to Dahomey and to Benin: one fact now, the
        # duplicate closed (kept in history)
        ("US", "BJ", True, False, False),
        ("US", "BJ", True, True, False),
        ("US", "MM", True, True, False),
    ]


def test_a_writer_still_cannot_rewrite_history(merged: URL) -> None:
    """The merge's exception is the tables' owner's, inside the revision: an UPDATE of
    a fact's party, even with the setting made, is refused for anyone else."""
    with psycopg.connect(_dsn(merged)) as conn:
        conn.execute("SET ROLE registry_writer")
        conn.execute(
            "SELECT set_config('registry.merge', "
            '\'{"party": {"1": 2}, "mission": {}, "city": {}}\', true)'
        )
        with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
            conn.execute("UPDATE accreditation SET party_id = party_id + 1")


def test_the_us_embassy_sat_at_porto_novo_under_benin_until_1965(merged: URL) -> None:
    """A seat recorded at 0019 for the embassy under Dahomey is the kept embassy's,
    in Benin's Porto-Novo, and who headed it then is read there."""
    assert sql(
        merged,
        "SELECT h.code, c.key, p.code, st.valid::text FROM mission_seat st "
        "  JOIN mission m ON m.id = st.mission_id JOIN party h ON h.id = m.host_party_id "
        "  JOIN city c ON c.id = st.city_id JOIN party p ON p.id = c.party_id",
    ) == [("BJ", "porto-novo", "BJ", "[1960-08-01,1965-01-01)")]
    assert sql(
        merged,
        "SELECT city, head FROM reporting.heads_as_of('1962-01-01') WHERE sending_code = 'US'"
        " ORDER BY city",
    ) == [("Porto-Novo", "Robert Wilkowski"), ("Rangoon", "Ruth Haley")]

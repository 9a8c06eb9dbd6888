"""A renamed state is one party in a database loaded before 0011 too; governments in
exile; liaison and representative offices told apart

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 14:30:00

Issue 21. 0011 made a former name a dated name of one party (Dahomey is Benin until
1975-11-30), but a database loaded before it keeps Dahomey, Burma, Zaire and Upper
Volta as parties of their own (DYBJ, BUMM, ZRCD, HVBF), with their missions,
accreditations, tenures, status changes and relation events: Benin's history is cut
in two, and a re-import after 0011 (which places "dahomey" on BJ) would record the
same chiefs again. This revision merges each into its current party (BJ, MM, CD,
BF), keeping every fact: its cities become the current party's (one city per key),
its missions the current party's (a mission that the current party already has under
the same natural key is one mission: its facts join that one), every version of
every fact is repointed (closed versions too: they name the same entity), the old
code is an alias and the old name a dated alias; then the old rows are deleted. The
append-only tables' trigger (public.keep_history) now lets the tables' owner, and
only the owner, repoint ids along the map this revision sets in ``registry.merge``
for its transaction, and change nothing else; a current version that would
duplicate a current version of the kept mission is closed first (the fact is kept
once). Where no old party exists, nothing is done.

Also: party.kind allows government_in_exile (the Central Tibetan Administration);
the vocabulary is made equal to migrations/vocabulary/0020/ (liaison office and
representative office no longer share a label: a de facto embassy is a
representative office; rank deputy-ambassador, a role pocom has).

Locks and duration (docs/operations.md): the kind CHECK is dropped and added again,
wider, in the same transaction (ACCESS EXCLUSIVE on party, a few hundred rows,
milliseconds). The merge updates only the rows naming the four old parties (row
locks; a few hundred rows at most in any real registry); CREATE OR REPLACE of
keep_history and reporting.party lock them for an instant. A downgrade keeps the
parties merged (0017's model reads them correctly) and fails, rolling back, while a
party of kind government_in_exile or a mission or tenure of this vocabulary's new
rows exists.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from registry import vocabulary
from registry.sql import replaceable

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "constraint-missing-not-valid": "party holds a few hundred rows: the kind CHECK "
    "validates in milliseconds, inside the revision's own transaction",
    "ban-drop-constraint": "ck_party_kind_known is dropped only to be added again, wider "
    "(every kind it allowed and one more), in the same transaction: no moment without "
    "the guarantee is ever visible to another session",
}

KINDS_0011 = (
    "state",
    "historical_state",
    "state_limited_recognition",
    "sovereign_entity",
    "subnational",
    "organisation",
)
KINDS = (*KINDS_0011[:5], "government_in_exile", KINDS_0011[5])

COMMENT_0011 = (
    "state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, "
    "Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, "
    "Flanders) or organisation."
)
COMMENT = (
    "state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, "
    "Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, "
    "Flanders), government_in_exile (the Central Tibetan Administration) or organisation."
)

# The former-name parties 0011's registry/data/party_names.csv makes dated names:
# (old code, current code, old name, valid from, valid until), frozen here.
MERGES = (
    ("DYBJ", "BJ", "Dahomey", "1960-08-01", "1975-11-30"),
    ("BUMM", "MM", "Burma", "1948-01-04", "1989-06-18"),
    ("ZRCD", "CD", "Zaire", "1971-10-27", "1997-05-17"),
    ("HVBF", "BF", "Upper Volta", "1960-08-05", "1984-08-04"),
)

MERGE = """DO $merge$
DECLARE
    o integer;
    n integer;
    r record;
    target integer;
    cities jsonb := '{{}}';
    missions jsonb := '{{}}';
BEGIN
    SELECT id INTO o FROM party WHERE code = '{old}';
    SELECT id INTO n FROM party WHERE code = '{new}';
    IF o IS NULL OR n IS NULL THEN
        RETURN;
    END IF;
    -- Cities: the current party's city of the same key, else a copy under it.
    FOR r IN SELECT * FROM city WHERE party_id = o ORDER BY id LOOP
        SELECT id INTO target FROM city WHERE party_id = n AND key = r.key;
        IF target IS NULL THEN
            INSERT INTO city (party_id, key, name, search_key, source_id)
            VALUES (n, r.key, r.name, r.search_key, r.source_id) RETURNING id INTO target;
        END IF;
        cities := cities || jsonb_build_object(r.id::text, target);
    END LOOP;
    -- Missions: the current party's mission of the same natural key, else this one,
    -- repointed (it is mutable: not a versioned fact).
    FOR r IN SELECT * FROM mission
              WHERE o IN (sending_party_id, host_party_id, organisation_id) ORDER BY id LOOP
        SELECT m.id INTO target FROM mission m
         WHERE m.id <> r.id
           AND m.sending_party_id = CASE r.sending_party_id WHEN o THEN n ELSE r.sending_party_id END
           AND m.host_party_id = CASE r.host_party_id WHEN o THEN n ELSE r.host_party_id END
           AND m.organisation_id IS NOT DISTINCT FROM
               CASE r.organisation_id WHEN o THEN n ELSE r.organisation_id END
           AND m.city_id IS NOT DISTINCT FROM
               coalesce((cities ->> r.city_id::text)::integer, r.city_id)
           AND m.kind = r.kind;
        IF target IS NULL THEN
            UPDATE mission
               SET sending_party_id = CASE sending_party_id WHEN o THEN n ELSE sending_party_id END,
                   host_party_id = CASE host_party_id WHEN o THEN n ELSE host_party_id END,
                   organisation_id = CASE organisation_id WHEN o THEN n ELSE organisation_id END,
                   city_id = coalesce((cities ->> city_id::text)::integer, city_id)
             WHERE id = r.id;
        ELSE
            missions := missions || jsonb_build_object(r.id::text, target);
        END IF;
    END LOOP;
    PERFORM set_config('registry.merge', jsonb_build_object(
        'party', jsonb_build_object(o::text, n), 'mission', missions, 'city', cities)::text,
        true);
    -- A current version that would duplicate one of the kept mission or party is
    -- closed first: the fact is kept once.
    UPDATE accreditation a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM accreditation b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END);
    UPDATE status_change a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.actor_party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM status_change b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.tenure_id IS NOT DISTINCT FROM a.tenure_id
                      AND b.occurred_on = a.occurred_on);
    UPDATE relation_event a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND o IN (a.party_id, a.counterpart_id)
       AND EXISTS (SELECT 1 FROM relation_event b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END
                      AND b.counterpart_id = CASE a.counterpart_id WHEN o THEN n ELSE a.counterpart_id END
                      AND b.occurred_on = a.occurred_on);
    -- Every version, current or closed, repointed (keep_history honours registry.merge).
    UPDATE accreditation
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           party_id = CASE party_id WHEN o THEN n ELSE party_id END
     WHERE party_id = o OR missions ? mission_id::text;
    UPDATE tenure
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           resident_city_id = coalesce((cities ->> resident_city_id::text)::integer, resident_city_id)
     WHERE missions ? mission_id::text OR cities ? resident_city_id::text;
    UPDATE status_change
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           actor_party_id = CASE actor_party_id WHEN o THEN n ELSE actor_party_id END
     WHERE actor_party_id = o OR missions ? mission_id::text;
    UPDATE mission_seat
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE missions ? mission_id::text OR cities ? city_id::text;
    UPDATE relation_event
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           counterpart_id = CASE counterpart_id WHEN o THEN n ELSE counterpart_id END
     WHERE o IN (party_id, counterpart_id);
    PERFORM set_config('registry.merge', '', true);
    -- What is not versioned: repointed, a duplicate of the kept row's dropped.
    UPDATE external_id
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE party_id = o OR missions ? mission_id::text OR cities ? city_id::text;
    DELETE FROM mission_source s
     WHERE missions ? s.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_source k
                    WHERE k.mission_id = (missions ->> s.mission_id::text)::integer
                      AND k.source_id = s.source_id);
    UPDATE mission_source SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM mission_jurisdiction j
     WHERE missions ? j.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_jurisdiction k
                    WHERE k.mission_id = (missions ->> j.mission_id::text)::integer
                      AND k.subdivision_id IS NOT DISTINCT FROM j.subdivision_id);
    UPDATE mission_jurisdiction SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM complete_list_mission c
     WHERE missions ? c.mission_id::text
       AND EXISTS (SELECT 1 FROM complete_list_mission k
                    WHERE k.mission_id = (missions ->> c.mission_id::text)::integer
                      AND k.complete_list_id = c.complete_list_id);
    UPDATE complete_list_mission SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    UPDATE complete_list SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text;
    UPDATE city_alias SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text
       AND NOT EXISTS (SELECT 1 FROM city_alias k
                        WHERE k.city_id = (cities ->> city_alias.city_id::text)::integer
                          AND k.alias = city_alias.alias);
    DELETE FROM city_alias WHERE cities ? city_id::text;
    UPDATE authority SET party_id = n WHERE party_id = o;
    UPDATE subdivision SET party_id = n WHERE party_id = o;
    DELETE FROM party_succession s
     WHERE o IN (s.predecessor_id, s.successor_id)
       AND (n IN (s.predecessor_id, s.successor_id) OR EXISTS (
            SELECT 1 FROM party_succession k
             WHERE k.predecessor_id = CASE s.predecessor_id WHEN o THEN n ELSE s.predecessor_id END
               AND k.successor_id = CASE s.successor_id WHEN o THEN n ELSE s.successor_id END));
    UPDATE party_succession
       SET predecessor_id = CASE predecessor_id WHEN o THEN n ELSE predecessor_id END,
           successor_id = CASE successor_id WHEN o THEN n ELSE successor_id END
     WHERE o IN (predecessor_id, successor_id);
    -- Names: the old party's aliases, its code, and its name dated.
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, a.alias, a.search_key, a.source_id, a.valid FROM party_alias a
     WHERE a.party_id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, p.code, lower(p.code), p.source_id, NULL FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, '{name}', lower('{name}'), p.source_id, daterange('{since}', '{until}', '[)')
      FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO UPDATE SET valid = excluded.valid;
    UPDATE party SET cow_code = (SELECT cow_code FROM party WHERE id = o)
     WHERE id = n AND cow_code IS NULL;
    DELETE FROM party_alias WHERE party_id = o;
    DELETE FROM heads_timeline WHERE missions ? mission_id::text;
    DELETE FROM mission_timeline WHERE missions ? mission_id::text;
    DELETE FROM fact_evidence WHERE missions ? mission_id::text;
    DELETE FROM mission WHERE missions ? id::text;
    DELETE FROM city WHERE cities ? id::text;
    DELETE FROM party WHERE id = o;
END
$merge$"""


def upgrade() -> None:
    op.execute("ALTER TABLE party DROP CONSTRAINT ck_party_kind_known")
    op.execute(
        "ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ("
        + ", ".join(f"'{k}'" for k in KINDS)
        + "))"
    )
    op.alter_column(
        "party",
        "kind",
        existing_type=sa.TEXT(),
        comment=COMMENT,
        existing_comment=COMMENT_0011,
        existing_nullable=False,
    )
    vocabulary.migrate(op, "0016", "0020")
    replaceable.replace(op, "0020", "public.keep_history", "reporting.party")
    for old, new, name, since, until in MERGES:
        op.execute(MERGE.format(old=old, new=new, name=name, since=since, until=until))


def downgrade() -> None:
    replaceable.replace(op, "0011", "reporting.party")
    replaceable.replace(op, "0004", "public.keep_history")
    vocabulary.migrate(op, "0020", "0016")
    op.alter_column(
        "party",
        "kind",
        existing_type=sa.TEXT(),
        comment=COMMENT_0011,
        existing_comment=COMMENT,
        existing_nullable=False,
    )
    op.execute("ALTER TABLE party DROP CONSTRAINT ck_party_kind_known")
    op.execute(
        "ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ("
        + ", ".join(f"'{k}'" for k in KINDS_0011)
        + "))"
    )

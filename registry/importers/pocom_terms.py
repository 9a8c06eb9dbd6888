"""What pocom's fields mean to the registry: its roles as ranks and mission kinds
(registry/data/pocom_roles.csv), the causes of a tenure's end, the mission notes it
parses, and which pocom field each bundle column is made from."""

from __future__ import annotations

import re

from registry.importers.common import data_rows

SOURCE_KEY = "pocom"
SENDING = "US"

# pocom role-title-id -> (registry rank, mission kind; None = the kind of the mission
# the chief stands in for): registry/data/pocom_roles.csv.
ROLES: dict[str, tuple[str, str | None]] = {
    r["role_title_id"]: (r["rank"], r["mission_kind"] or None) for r in data_rows("pocom_roles.csv")
}
ORG_RANK = "permanent-representative"
CREDENTIAL_RANKS = {
    "ambassador-e-p",
    "envoy-e-mp",
    "minister",
    "minister-resident",
    "minister-resident-consul-general",
}

# How a tenure ended, from pocom's end note (first match wins); anything else is kept
# verbatim as 'ended' (cause not classified).
END_CAUSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (r"^(died|assassinated)", "died"),
        (r"^(probably )?(presented|transmitted) recall|^recall presented", "presented-recall"),
        (r"^(had|made|paid) farewell", "presented-recall"),
        (r"^relinquished charge|relinquished charge", "relinquished-charge"),
        (r"^promoted", "promoted"),
        (r"^superseded", "superseded"),
        (
            r"^(appointment|assignment|appointed) terminated|recess appointment expired",
            "appointment-terminated",
        ),
        (r"^recalled", "recalled"),
        (r"^(left|departed)\b", "left-post"),
    )
]
START_RECOGNISED = re.compile(r"^off?ic?ially recognized", re.IGNORECASE)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "Legation Kabul was opened on June 6, 1942", "Embassy Kabul re-opened on January 17, 2002"
MISSION_NOTE = re.compile(
    rf"\b(Legation|Embassy) ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?) (?:was )?"
    rf"(opened|re-?opened|closed|re-?established) (?:on )?({MONTHS}) (\d{{1,2}}), (\d{{4}})"
)
# Which pocom field each bundle column is made from: a problem the loader finds in the
# bundle names the pocom file, its line and this field.
FIELDS: dict[str, dict[str, str]] = {
    "parties.csv": {"code": "contemporary-territory-id", "name": "contemporary-territory-id"},
    "cities.csv": {"key": "contemporary-territory-id", "name": "contemporary-territory-id"},
    "people.csv": {"key": "id", "name": "persName", "description": "birth, death, career-type"},
    "missions.csv": {
        "key": "contemporary-territory-id",
        "host_code": "contemporary-territory-id",
        "city_key": "contemporary-territory-id",
        "kind": "role-title-id",
        "listed_as": "contemporary-territory-id",
    },
    "accreditations.csv": {
        "mission_key": "contemporary-territory-id",
        "party_code": "contemporary-territory-id",
    },
    "tenures.csv": {
        "key": "id",
        "mission_key": "contemporary-territory-id",
        "person_key": "person-id",
        "rank_code": "role-title-id",
        "started_on": "started/date",
        "ended_on": "ended/date",
        "credentials_on": "started/date",
        "note": "note",
        "resident_city_key": "resident-at",
    },
    "status_changes.csv": {"tenure_key": "id", "mission_key": "contemporary-territory-id"},
    "external_ids.csv": {"value": "id", "subject_key": "id"},
}
# A pocom person id names a file (people/<first letter>/<id>.xml): nothing that could
# leave that directory.
PERSON_ID = re.compile(r"[^\W_][\w.-]*")

NOTE_KINDS = {
    "opened": "opened",
    "reopened": "resumed",
    "re-opened": "resumed",
    "reestablished": "resumed",
    "re-established": "resumed",
    "closed": "closed",
}

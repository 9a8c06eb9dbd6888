"""How a fact's version is closed, and what follows a corrected tenure: the SQL every
writer runs, row by row (registry.history, for `registry record`) or set-wise (the
bundle writer, for seeds, bundles and importers).

Facts are append-only (revision 0004; the trigger keep_history refuses anything
else): a version is never changed, only closed, its recorded range ending at now().
No SQLAlchemy here: the bundle writer speaks psycopg.
"""

from __future__ import annotations

# The assignment that closes a current version (an UPDATE's SET).
CLOSED = "recorded = tstzrange(lower(recorded), now())"

# A corrected tenure's current status changes follow it to its new version: each is
# closed, and copied onto the new tenure pointing back to the version it replaces,
# in the order of the old ids. {successors} is a relation (a query or VALUES) of
# (old tenure id, new tenure id). Gives (old id, new id) of each change moved.
FOLLOW_SUCCESSORS = f"""
WITH closed AS (
    UPDATE status_change sc SET {CLOSED}
      FROM ({{successors}}) AS s (old_tenure_id, new_tenure_id)
     WHERE sc.tenure_id = s.old_tenure_id AND upper_inf(sc.recorded)
    RETURNING sc.id, sc.kind, sc.occurred_on, sc.occurred_precision, sc.mission_id,
              s.new_tenure_id, sc.actor_party_id, sc.actor_authority_id, sc.note,
              sc.source_id
)
INSERT INTO status_change (kind, occurred_on, occurred_precision, mission_id, tenure_id,
                           actor_party_id, actor_authority_id, note, source_id,
                           supersedes_id)
SELECT kind, occurred_on, occurred_precision, mission_id, new_tenure_id, actor_party_id,
       actor_authority_id, note, source_id, id
  FROM closed
 ORDER BY id
RETURNING supersedes_id, id
"""


def close(table: str, ids: str) -> str:
    """The statement closing the current versions of ``table`` whose ids ``ids`` (a
    query, or a parameter's placeholder inside ``ANY()``) gives."""
    return f"UPDATE {table} SET {CLOSED} WHERE id IN ({ids})"


def follow_successors(successors: str) -> str:
    """FOLLOW_SUCCESSORS over ``successors``: (old tenure id, new tenure id) rows."""
    return FOLLOW_SUCCESSORS.format(successors=successors)

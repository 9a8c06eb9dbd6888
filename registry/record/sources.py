"""The source every fact cites: a known one by key, or a new one recorded."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert

from registry.names import did_you_mean, slug
from registry.record.errors import Conflict, RecordError
from registry.record.facts import SourceRef
from registry.record.session import TABLES, _Session


class Sources(_Session):
    """Resolving --source (or recording a new source) and citing it."""

    @property
    def source_id(self) -> int:
        assert self._source_id is not None, "resolve the source first"
        return self._source_id

    def source(self, ref: SourceRef) -> None:
        """Resolve --source, or record the new source the --source-* options describe."""
        new = (ref.title, ref.publisher, ref.published)
        if ref.key:
            rows = self.rows("SELECT id, key FROM source WHERE key = %s", (ref.key,))
            if any(v is not None for v in (*new, ref.url)):
                if rows:
                    raise RecordError(
                        f"--source {ref.key} names a known source: drop the --source-* options"
                    )
                # A new source's key is made from its publisher and date, never chosen.
                raise RecordError(
                    f"--source: no source {ref.key!r} is on record, and a new source's key "
                    "is made for it: drop --source to record the one the --source-* options "
                    "describe"
                )
            if not rows:
                keys = [r[0] for r in self.rows("SELECT key FROM source")]
                raise RecordError(
                    f"--source: unknown source {ref.key!r}{did_you_mean(ref.key, keys)}; "
                    "or describe a new one with --source-title, --source-publisher, --source-date"
                )
            self._source_id, self._source_key = rows[0]
            return
        missing = [
            option
            for option, value in zip(
                ("--source-title", "--source-publisher", "--source-date"), new, strict=True
            )
            if not value
        ]
        if len(missing) == 3:
            raise RecordError(
                "every fact needs a source: --source KEY, or --source-title, "
                "--source-publisher and --source-date for a new one"
            )
        if missing:
            raise RecordError(f"a new source needs {', '.join(missing)} too")
        assert ref.title and ref.publisher and ref.published
        base = slug(f"{ref.publisher} {ref.published}")[:60].strip("-") or "source"
        source = TABLES["source"]
        for _ in range(5):
            same = self.rows(
                "SELECT id, key FROM source"
                " WHERE title = %s AND publisher = %s AND published_on = %s",
                (ref.title, ref.publisher, ref.published.first_day),
            )
            if same:  # the same article named twice is one source
                self._source_id, self._source_key = same[0]
                return
            taken = {
                r[0] for r in self.rows("SELECT key FROM source WHERE key LIKE %s", (base + "%",))
            }
            key = next(
                k for k in (base, *(f"{base}-{n}" for n in range(2, 1000))) if k not in taken
            )
            # Another clerk may take the key at the same moment: the insert waits for them
            # to commit, and then the loop looks again (their source may be this one).
            new_id = self.conn.execute(
                pg_insert(source)
                .values(
                    key=key,
                    title=ref.title,
                    publisher=ref.publisher,
                    url=ref.url,
                    published_on=ref.published.first_day,
                    published_precision=ref.published.precision,
                )
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(source.c.id)
            ).scalar_one_or_none()
            if new_id is not None:
                break
        else:
            raise Conflict(
                "--source-title: other recordings took every key for this source: try again"
            )
        self._source_id = new_id
        self._source_key = key
        self.say(
            f"source {self._source_id} recorded: {ref.title!r} ({ref.publisher}, "
            f"{ref.published}) as --source {key}"
        )

    def cite(self) -> str:
        return f"(source {self._source_key})"

"""`registry load`: validate everything, then all or nothing, idempotently."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Registry, write

COUNT_FACTS = (
    "SELECT (SELECT count(*) FROM mission) + (SELECT count(*) FROM tenure)"
    " + (SELECT count(*) FROM status_change) + (SELECT count(*) FROM city)"
)


def test_loading_the_seeds_again_changes_nothing(fresh_registry: Registry) -> None:
    code, out, _ = fresh_registry("load")
    assert code == 0
    assert out.startswith("nothing changed")
    assert "0 inserted, 0 updated" in out


def test_loading_the_seeds_again_keeps_a_later_correction_from_another_source(
    fresh_registry: Registry,
) -> None:
    """Yesengeldiyev's tenure, corrected from a Kazinform report, stays corrected when
    the seeds are loaded again (as an upgraded embedded database is re-seeded)."""
    ((tenure,),) = fresh_registry.sql(
        "SELECT tenure_id FROM reporting.head_of_mission WHERE head = 'Alimkhan Yesengeldiyev'"
    )
    code, _, err = fresh_registry(
        *("record", "correction", "tenure", str(tenure), "--note", "Dismissed by decree."),
        *("--source-title", "Ambassador dismissed", "--source-publisher", "Kazinform"),
        *("--source-date", "2024-09-10"),
    )
    assert code == 0, err
    code, out, err = fresh_registry("load")
    assert code == 0 and out.startswith("nothing changed")
    assert "kept tenure " in err and "a correction citing another source" in err
    assert fresh_registry.sql(
        "SELECT note FROM reporting.head_of_mission WHERE head = 'Alimkhan Yesengeldiyev'"
    ) == [("Dismissed by decree.",)]


def test_a_new_fact_is_inserted_then_unchanged(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(
        tmp_path,
        "oslo.yaml",
        """
source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Oslo
    status: [{change: opened, date: 2024-09}]
""",
    )
    code, out, err = fresh_registry("load", str(seed))
    assert code == 0, err
    assert "mission: 1 inserted" in out
    assert fresh_registry("load", str(seed))[1].startswith("nothing changed")


def assert_rejected(reg: Registry, seed: Path, *expected: str) -> str:
    before = reg.sql(COUNT_FACTS)
    code, _, err = reg("load", str(seed))
    assert code == 2
    assert "nothing was written" in err
    for text in expected:
        assert text in err, err
    assert reg.sql(COUNT_FACTS) == before
    return err


def test_malformed_yaml_names_the_file_and_line(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(tmp_path, "broken.yaml", "missions:\n  - sending: KZ\n    kind: [embassy\n")
    assert_rejected(fresh_registry, seed, "broken.yaml:", "invalid YAML")


def test_an_unknown_city_is_rejected_with_file_line_and_field(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "bad.yaml",
        """source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Kabull
""",
    )
    err = assert_rejected(fresh_registry, seed, "bad.yaml:5: missions[0].city: unknown city")
    assert "did you mean 'kabul'" in err


def test_an_unknown_rank_is_rejected(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(
        tmp_path,
        "bad.yaml",
        """source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Oslo
    heads:
      - rank: ambasador-e-p
        from: 2020-01-01
""",
    )
    assert_rejected(
        fresh_registry,
        seed,
        "bad.yaml:7: missions[0].heads[0].rank: unknown rank 'ambasador-e-p'",
        "did you mean 'ambassador-e-p'",
    )


def test_overlapping_tenures_in_a_seed_file_are_rejected(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "bad.yaml",
        """source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Oslo
    heads:
      - {rank: ambassador-e-p, from: 2020-01-01, until: 2023-01-01}
      - {rank: charge-d-affaires-a-i, from: 2022-06, until: 2024-01-01}
""",
    )
    assert_rejected(fresh_registry, seed, "bad.yaml:8: missions[0].heads[1]: overlaps heads[0]")


def test_a_tenure_overlapping_one_in_the_database_is_rejected(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "bad.yaml",
        """source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Kabul
    heads:
      - {rank: charge-d-affaires-a-i, from: 2024-01-01, until: 2024-06-01}
""",
    )
    assert_rejected(
        fresh_registry,
        seed,
        "bad.yaml:7: missions[0].heads[0]: overlaps another head of the same mission already "
        "in the database: tenure ",
    )


def test_end_before_start_and_all_errors_are_reported_together(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "bad.yaml",
        """source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Oslo
    heads:
      - {rank: ambassador-e-p, from: 2020-01-01, until: 2019-01-01}
  - sending: XX
    kind: embasy
    city: Oslo
    colour: blue
""",
    )
    code, _, err = fresh_registry("load", str(seed))
    assert code == 2
    # Field errors come first; the unknown field stops that file before references.
    assert "bad.yaml:11: missions[1].colour: unknown field" in err
    seed.write_text(seed.read_text().replace("    colour: blue\n", ""))
    assert_rejected(
        fresh_registry,
        seed,
        "missions[0].heads[0].until: ends (2019-01-01)",
        "missions[1].sending: unknown party 'XX'",
        "missions[1].kind: unknown mission kind 'embasy'",
    )

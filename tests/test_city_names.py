"""One city, many names: the registry's reference data gives cities their former names
(registry/data/city_names.csv), so that sources naming Rangoon, Léopoldville or Peking
meet the city others name Yangon, Kinshasa or Beijing."""

from __future__ import annotations

import psycopg

from registry import world
from registry.importers.common import Places
from tests.conftest import Registry, _dsn


def test_every_other_name_is_of_a_city_of_a_state_in_iso_3166_and_dated_in_order() -> None:
    import pycountry

    for n in world.city_names():
        state = pycountry.countries.get(alpha_2=n.country) or (
            pycountry.historic_countries.get(alpha_4=n.country)
        )
        assert state, n
        assert n.name != n.city, n
        if n.valid_from and n.valid_until:
            assert n.valid_from < n.valid_until, n


def test_christiania_is_oslo_until_1925(registry: Registry) -> None:
    assert registry.sql(
        "SELECT c.name, a.alias, a.valid::text FROM city c JOIN city_alias a ON a.city_id = c.id"
        " WHERE a.alias IN ('Christiania', 'Kristiania') ORDER BY a.alias"
    ) == [("Oslo", "Christiania", "(,1925-01-01)"), ("Oslo", "Kristiania", "(,1925-01-01)")]
    code, _, err = registry("who-heads", "christiania", "--as-of", "2020-01-01")
    assert (code, err) == (1, "no mission on record in Oslo as of 2020-01-01\n")


def test_an_import_naming_rangoon_or_leopoldville_names_the_city_as_it_is_called_today(
    registry: Registry,
) -> None:
    with psycopg.connect(_dsn(registry.url)) as conn:
        places = Places(conn)
    assert places.city("MM", "Rangoon") == "yangon"
    assert places.city("MM", "Yangon") == "yangon"
    assert places.city("CD", "Leopoldville", alias="Léopoldville") == "kinshasa"
    assert places.city("NO", "Christiania") == "oslo"  # held, under both names
    assert places.new_cities == {
        ("MM", "yangon"): ("Yangon", {"Rangoon"}),
        ("CD", "kinshasa"): ("Kinshasa", {"Leopoldville"}),
    }


def test_loading_the_seeds_again_adds_no_name_twice(fresh_registry: Registry) -> None:
    code, out, err = fresh_registry("load")
    assert (code, err) == (0, "")
    assert out.startswith("nothing changed"), out

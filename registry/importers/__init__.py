"""Importers of public datasets: each reads a dataset's own layout, maps its values to
the registry's vocabulary, and writes a bundle for registry.bulk.load_bundle. Every
value it cannot map is written to the bundle's unmapped.csv with file, line and field."""

"""The bundle: the registry's own bulk exchange format (a directory of CSV files naming
things by natural keys), its specification, and the one path that loads it.

``registry.bundle.spec`` declares every file and column once; the loader
(``registry.bundle.load``), the importers' bundle writer, benchmarks/generate.py and
docs/importing.md all follow it. ``registry.bulk`` re-exports the loader's API.
"""

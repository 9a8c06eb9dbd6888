"""Seed files -> validated facts -> one transaction of upserts (``load.load_paths``).

``read``: the files, their YAML and fields; ``resolve``: every reference and a head's
dates, checked before anything is written; ``write``: the upserts by natural key;
``parties``: ISO 3166 from pycountry; ``complete_lists``; ``report``: errors at file,
line and field, and the counts; ``load``: the transaction, under the writers' lock.
"""

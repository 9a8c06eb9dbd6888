"""`registry serve`: a read-only web view over the read library (registry.read).

registry.web.pages asks the questions, registry.web.app serves them (Starlette,
Jinja2 templates, no script), registry.web.serve opens the read-only pool.
"""

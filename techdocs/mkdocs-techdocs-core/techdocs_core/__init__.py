"""Local stand-in for the ``mkdocs-techdocs-core`` MkDocs plugin (see ../README.md)."""

__version__ = "1.3.5+debian.shim"

"""A dependency-free stand-in for the ``techdocs-core`` MkDocs plugin.

It does what upstream ``mkdocs-techdocs-core`` 1.x does in ``on_config``:
the material theme plus a ``techdocs_metadata.json`` static template, the
``search`` (and ``monorepo``) plugins, and TechDocs' set of Markdown
extensions. An extension or plugin that cannot be imported here is left out
and named in one INFO line; one the site configures itself keeps its options.
"""

import importlib.util
import logging
import os
import tempfile

from mkdocs.config import config_options
from mkdocs.contrib.search import SearchPlugin
from mkdocs.plugins import BasePlugin, get_plugins
from mkdocs.theme import Theme

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

METADATA_TEMPLATE = "techdocs_metadata.json"
METADATA_JINJA = (
    '{{ {"site_name": config.site_name, '
    '"site_description": config.site_description} | tojson }}'
)

# What pymdownx.extra loads, by the full name its own config is keyed by.
EXTRA_MEMBERS = {
    "pymdownx.betterem": "pymdownx.betterem",
    "pymdownx.superfences": "pymdownx.superfences",
    "footnotes": "markdown.extensions.footnotes",
    "attr_list": "markdown.extensions.attr_list",
    "def_list": "markdown.extensions.def_list",
    "tables": "markdown.extensions.tables",
    "abbr": "markdown.extensions.abbr",
    "md_in_html": "markdown.extensions.md_in_html",
}


def _emoji_options():
    """Material's inline SVG icons with materialx installed, else pymdownx's twemoji."""
    try:
        from materialx import emoji
    except ImportError:
        from pymdownx import emoji
    return {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}


# The Markdown extensions upstream adds, in its order, with its options.
UPSTREAM_EXTENSIONS = [
    ("admonition", {}),
    ("abbr", {}),
    ("attr_list", {}),
    ("def_list", {}),
    ("codehilite", {"linenums": False, "guess_lang": False}),
    ("footnotes", {}),
    ("toc", {"permalink": True}),
    ("pymdownx.caret", {}),
    ("pymdownx.critic", {}),
    ("pymdownx.details", {}),
    ("pymdownx.emoji", _emoji_options),
    ("pymdownx.inlinehilite", {}),
    ("pymdownx.magiclink", {}),
    ("pymdownx.mark", {}),
    ("pymdownx.smartsymbols", {}),
    ("pymdownx.superfences", {}),
    ("pymdownx.highlight", {"linenums": False}),
    ("pymdownx.extra", {}),
    ("pymdownx.tabbed", {}),
    ("pymdownx.tasklist", {"custom_checkbox": True}),
    ("pymdownx.tilde", {}),
    ("markdown_inline_graphviz", {}),
    ("plantuml_markdown", {}),
    ("mdx_truly_sane_lists", {}),
]


def _importable(extension):
    """Whether Python-Markdown can load ``extension`` (short name or module path)."""
    for module in (f"markdown.extensions.{extension}", extension):
        try:
            if importlib.util.find_spec(module) is not None:
                return True
        except ImportError:  # a parent package is missing
            pass
    return False


class TechDocsCore(BasePlugin):
    config_scheme = (
        ("use_material_search", config_options.Type(bool, default=False)),
    )

    def __init__(self):
        # A theme dir holding only the metadata template; removed at exit.
        self._theme_dir = tempfile.TemporaryDirectory(prefix="techdocs-core-")
        with open(os.path.join(self._theme_dir.name, METADATA_TEMPLATE), "w") as f:
            f.write(METADATA_JINJA)

    def on_config(self, config):
        unavailable = []
        self._theme(config)
        self._plugins(config, unavailable)
        self._markdown_extensions(config, unavailable)
        if unavailable:
            log.info(
                "techdocs-core (local stand-in): not installed here, left out: %s",
                ", ".join(unavailable),
            )
        return config

    def _theme(self, config):
        theme = config["theme"]
        if theme.name != "material":
            theme = Theme(name="material")
            config["theme"] = theme
        theme.static_templates.add(METADATA_TEMPLATE)
        theme.dirs.append(self._theme_dir.name)

    def _plugins(self, config, unavailable):
        plugins = config["plugins"]
        if "search" not in plugins:
            if self.config["use_material_search"]:
                from material.plugins.search.plugin import SearchPlugin as Search
            else:
                Search = SearchPlugin
            search = Search()
            search.load_config({}, config.config_file_path)
            plugins["search"] = search
        if "monorepo" not in plugins:
            entry_point = get_plugins().get("monorepo")
            if entry_point is None:
                unavailable.append("mkdocs-monorepo-plugin")
            else:
                monorepo = entry_point.load()()
                monorepo.load_config({}, config.config_file_path)
                plugins["monorepo"] = monorepo

    def _markdown_extensions(self, config, unavailable):
        extensions = config["markdown_extensions"]
        mdx_configs = config["mdx_configs"]
        for name, options in UPSTREAM_EXTENSIONS:
            if not _importable(name):
                unavailable.append(name)
                continue
            if name not in extensions:
                extensions.append(name)
            if options and name not in mdx_configs:
                mdx_configs[name] = options() if callable(options) else dict(options)
        # pymdownx.extra loads its members again, with its own config: hand it
        # the site's options for them so they are not reset to defaults.
        if "pymdownx.extra" in extensions:
            extra = mdx_configs.setdefault("pymdownx.extra", {})
            for name, full_name in EXTRA_MEMBERS.items():
                if mdx_configs.get(name):
                    extra.setdefault(full_name, mdx_configs[name])

"""Where the default theme (``site_templates/``) is, installed or in a checkout.

The theme lives at the top of the repository, beside ``collector/``, where ``build.py`` and
an editable install use it. A wheel carries it inside the package instead, as
``collector/site_templates/`` (see ``[tool.setuptools.package-dir]`` in pyproject.toml),
because an installed collector runs from any folder and a top-level ``site_templates`` in
site-packages would be a stray top-level name. Every user of the theme goes through
``THEME_DIR``, so the two layouts cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

THEME_FOLDER = "site_templates"


def theme_dir() -> Path:
    """The installed theme if the package carries one, else the checkout's."""
    package = Path(__file__).resolve().parent
    # Jinja's FileSystemLoader needs a real folder, so a plain path rather than
    # importlib.resources (a zipped install is not supported anyway).
    installed = package / THEME_FOLDER
    if installed.is_dir():
        return installed
    return package.parent / THEME_FOLDER


THEME_DIR = theme_dir()

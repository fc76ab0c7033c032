"""Where nkviewer keeps its cache, settings, user data and logs (per platform, via platformdirs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "nkviewer"
APP_AUTHOR = "nkviewer"
#: The user's own gazetteer entries (in the config folder or a corpus folder): not an article.
USER_GAZETTEER_NAME = "gazetteer.csv"

#: Folder inside the repository (and the frozen app) holding gazetteer, fonts and icons.
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """The `resources/` folder, also when running from a PyInstaller bundle."""
    override = os.environ.get("NKVIEWER_RESOURCES")
    if override:
        return Path(override)

    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return RESOURCES


def sample_corpus() -> Path | None:
    """The bundled sample corpus (`seeds/` beside the package), if this install has it."""
    seeds = RESOURCES.parent / "seeds"
    return seeds if seeds.is_dir() else None


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, APP_AUTHOR)


def cache_dir() -> Path:
    """Parsed-document cache; `NKVIEWER_CACHE_DIR` overrides (tests point it at a tmp folder)."""
    override = os.environ.get("NKVIEWER_CACHE_DIR")
    return Path(override) if override else Path(_dirs().user_cache_dir)


def config_dir() -> Path:
    override = os.environ.get("NKVIEWER_CONFIG_DIR")
    return Path(override) if override else Path(_dirs().user_config_dir)


def data_dir() -> Path:
    """User data such as curation sidecars when the corpus folder is not writable."""
    override = os.environ.get("NKVIEWER_DATA_DIR")
    return Path(override) if override else Path(_dirs().user_data_dir)


def log_dir() -> Path:
    override = os.environ.get("NKVIEWER_LOG_DIR")
    return Path(override) if override else Path(_dirs().user_log_dir)

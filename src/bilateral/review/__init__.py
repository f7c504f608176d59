"""The monthly review: installments (context, narrative, charts) and the static site."""

from __future__ import annotations

from .site import SiteReport, build_review, build_site
from .siteconfig import SiteConfig, site_config

__all__ = ["SiteConfig", "SiteReport", "build_review", "build_site", "site_config"]

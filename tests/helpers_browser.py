"""Debian's Chromium driven by Playwright, as every browser test launches it.

Playwright cannot download its own browsers here, so the tests drive the one
`.ci/run` installs; a machine without it skips them with that hint.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# no sandbox in containers, no GPU, and nothing that would open a connection of its own
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def chromium() -> Iterator[object]:
    """Yield a launched browser (for a module-scoped fixture) and close it afterwards."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()

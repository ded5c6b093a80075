"""Helpers of the browser tests: where Chromium is, how to start it, a small wrapper.

Nothing is downloaded: Selenium is given chromedriver's path (so Selenium Manager never runs)
and Chromium's. Without them the browser tests skip, unless MENTEE_REQUIRE_BROWSER=1 (set by
.ci/run), which makes a missing browser a failure.
"""

from __future__ import annotations

import base64
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MENTEE_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("MENTEE_CHROMEDRIVER", "/usr/bin/chromedriver"))
ARTIFACTS = Path(os.environ.get("MENTEE_BROWSER_ARTIFACTS") or Path(__file__).parent / "artifacts")
TIMEOUT = 180  # seconds; generous, for a loaded machine


def chromium_flags(profile: Path) -> list[str]:
    """Headless Chromium as root, with nothing running in the background."""
    return [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-extensions",
        "--mute-audio",
        f"--user-data-dir={profile}",
    ]


def need(what: str, present: bool) -> None:
    """Skip without `what`, or fail when the run requires the browser (CI)."""
    if present:
        return
    message = f"{what} is missing (apt-get install chromium chromium-driver poppler-utils)"
    if os.environ.get("MENTEE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MENTEE_REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


def need_browser() -> None:
    need(str(CHROMIUM), os.access(CHROMIUM, os.X_OK))
    need(str(CHROMEDRIVER), os.access(CHROMEDRIVER, os.X_OK))
    try:
        import selenium  # noqa: F401
    except ImportError:
        need("the selenium package (pip install -e '.[test]')", False)


@dataclass
class Browser:
    """One Chromium session: load a page at a width, in a colour scheme or for print."""

    driver: Any

    def cdp(self, command: str, params: dict[str, Any]) -> Any:
        return self.driver.execute_cdp_cmd(command, params)

    def load(self, page: Path, width: int, scheme: str = "light", media: str = "") -> None:
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        self.cdp(
            "Emulation.setEmulatedMedia",
            {"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]},
        )
        self.driver.get(page.as_uri())  # returns once the page has loaded
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done());"
        )

    def run(self, script: str) -> Any:
        return self.driver.execute_script(script)

    def screenshot(self, path: Path) -> Path:
        """The whole page, not only what fits in the window."""
        width, height = self.run(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        shot = self.cdp(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def print_to_pdf(page: Path, pdf: Path, profile: Path) -> Path:
    """`chromium --headless --print-to-pdf`, as a person would print the page."""
    need_browser()
    subprocess.run(
        [str(CHROMIUM), *chromium_flags(profile), "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert pdf.stat().st_size > 0
    return pdf

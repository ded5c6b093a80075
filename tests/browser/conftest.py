"""The browser tests' fixtures: the pages under test, one Chromium per module, and the
artifacts folder.

Screenshots and PDFs go to tests/browser/artifacts/ (or $MENTEE_BROWSER_ARTIFACTS), emptied
at the start of a run and kept after it, for a person to look at when a test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    ARTIFACTS,
    CHROMEDRIVER,
    CHROMIUM,
    TIMEOUT,
    Browser,
    chromium_flags,
    need_browser,
)
from journals import JOURNALS, TODAY, write_journal


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots and PDFs, emptied once per run."""
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if ARTIFACTS.exists() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots and PDFs: {ARTIFACTS}")


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each test journal's review page, made by the installed command (`mentee review
    --format html`), plus the demo journal's; keyed by journal name."""
    root = tmp_path_factory.mktemp("pages")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTEE_")}
    env.update(
        MENTEE_TODAY=TODAY,
        TZ="UTC",
        NO_COLOR="1",
        XDG_CACHE_HOME=str(root / "cache"),
        XDG_DATA_HOME=str(root / "data"),
    )
    mentee = [sys.executable, "-m", "mentee"]
    found: dict[str, Path] = {}
    for name in [*JOURNALS, "demo"]:
        home = root / name / "journal"
        if name == "demo":
            subprocess.run(
                [*mentee, "demo", "--home", str(home)],
                env=env, check=True, capture_output=True, timeout=TIMEOUT,
            )  # fmt: skip
        else:
            home.mkdir(parents=True)
            write_journal(name, home)
        result = subprocess.run(
            [*mentee, "--home", str(home), "review", "--format", "html"],
            env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        page = root / f"{name}.html"
        page.write_text(result.stdout, encoding="utf-8")
        found[name] = page
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One browser for the whole module (starting one takes a second or two)."""
    need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in chromium_flags(tmp_path_factory.mktemp("chromium-profile")):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    driver.set_script_timeout(TIMEOUT)
    try:
        yield Browser(driver)
    finally:
        driver.quit()

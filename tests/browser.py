"""Headless Chromium for the review page tests: found on the system, never downloaded."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    for names in (("chromium", "chromium-browser", "google-chrome"), ("chromedriver",)):
        if not any(shutil.which(n) for n in names):
            return f"{names[0]} is not installed (apt-get install chromium chromium-driver)"
    return None


def _binary(*names: str) -> str:
    for n in names:
        found = shutil.which(n)
        if found:
            return found
    raise FileNotFoundError(names[0])


@contextmanager
def chromium(downloads: Path | None = None, size: tuple[int, int] = (1440, 1000)
             ) -> Iterator[Any]:
    """A headless Chromium driven by selenium, with a fresh profile and a download folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="tf-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = _binary("chromium", "chromium-browser", "google-chrome")
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.add_argument(f"--window-size={size[0]},{size[1]}")
    if downloads is not None:
        opts.add_experimental_option("prefs", {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
        })
    driver = webdriver.Chrome(service=Service(_binary("chromedriver")), options=opts)
    try:
        if downloads is not None:
            driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                   {"behavior": "allow", "downloadPath": str(downloads)})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

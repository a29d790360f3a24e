"""``liquidpage serve --livereload`` in headless Chromium (Debian's chromium + chromium-driver,
driven by selenium): an edit reloads the page, a broken template shows the overlay, the fix
removes it. Skipped when the browser is absent, unless LIQUIDPAGE_REQUIRE_BROWSER=1."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from test_serve import BROKEN, make_site  # tests/ is on sys.path (rootdir-less test modules)

CHROMEDRIVER = "/usr/bin/chromedriver"
REQUIRED = os.environ.get("LIQUIDPAGE_REQUIRE_BROWSER") == "1"


def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return "watchfiles is not installed"
    if not Path(CHROMEDRIVER).exists():
        return f"{CHROMEDRIVER} is absent (apt-get install chromium chromium-driver)"
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        return "chromium is absent (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture()
def driver():
    reason = _browser_missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"LIQUIDPAGE_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-extensions", "--proxy-server=direct://", "--proxy-bypass-list=*"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def test_live_reload_and_overlay_in_chromium(driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from liquidpage.serve import OVERLAY_ID, Server

    site = make_site(tmp_path / "site")
    server = Server(site, site / "_site", port=0, livereload=True, livereload_port=0,
                    log=lambda line: None, error_log=lambda line: None)
    server.start()
    try:
        wait = WebDriverWait(driver, 30, poll_frequency=0.1)
        driver.get(server.url)
        assert "Hello First" in driver.find_element(By.TAG_NAME, "body").text
        driver.execute_script("window.__liquidpage_marker = 1;")  # gone after a reload
        # wait until the page's event stream is connected (its first event arrived)
        time.sleep(1.0)

        (site / "index.md").write_text("---\nlayout: default\n---\nEdited in the browser\n")
        wait.until(lambda d: "Edited in the browser" in d.find_element(By.TAG_NAME, "body").text)
        assert driver.execute_script("return window.__liquidpage_marker === undefined")

        (site / "index.md").write_text(BROKEN)
        overlay = wait.until(lambda d: d.find_elements(By.ID, OVERLAY_ID))[0]
        text = overlay.text
        assert "index.md:5" in text and "'if' tag was never closed" in text and "^" in text

        (site / "index.md").write_text("---\nlayout: default\n---\nFixed again\n")
        wait.until(lambda d: "Fixed again" in d.find_element(By.TAG_NAME, "body").text
                   and not d.find_elements(By.ID, OVERLAY_ID))
    finally:
        server.stop()

"""Debian's Chromium, headless under selenium, kept offline: a site served on 127.0.0.1, a
browser that can reach nothing else, and the pages worth looking at. Shared by `make audit`,
its screenshots and tests/browser."""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_PATH", "/usr/bin/chromedriver")
# Headless, no background traffic, and every non-loopback request sent to a dead port.
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--proxy-server=http://127.0.0.1:9",
]
DESKTOP = (1280, 900)
PHONE = (390, 844)


def page_types(site: Path) -> dict[str, str]:
    """One page of each type this project generates, as URL paths."""

    def first(pattern: str, besides: tuple[str, ...] = ()) -> str | None:
        found = sorted(path for path in site.glob(pattern) if path.parent.name not in besides)
        return found[0].parent.relative_to(site).as_posix() + "/" if found else None

    candidates = {
        "home": "",
        "publication list": "publications/",
        "paper": first("publications/*/index.html"),
        "news": "news/",
        "post": first("news/[0-9][0-9][0-9][0-9]/*/*/*/index.html"),
        "tags": "news/tags/" if (site / "news" / "tags" / "index.html").exists() else None,
        "tutorials": "tutorials/" if (site / "tutorials" / "index.html").exists() else None,
        # The generated explanation sorts first among the tutorials' folders: it is its own type.
        "tutorial": first("tutorials/*/index.html", besides=("checking",)),
        "how tutorials are checked": "tutorials/checking/" if (site / "tutorials" / "checking" / "index.html").exists() else None,
        # Each is there when its data is (site_config/projects.yml, talks.yml, teaching.yml, a group).
        "projects": "projects/" if (site / "projects" / "index.html").exists() else None,
        "project": first("projects/*/index.html"),
        "talks": "talks/" if (site / "talks" / "index.html").exists() else None,
        "teaching": "teaching/" if (site / "teaching" / "index.html").exists() else None,
        "group": "group/" if (site / "group" / "index.html").exists() else None,
        "cv": "cv/" if (site / "cv" / "index.html").exists() else None,
    }
    return {name: path for name, path in candidates.items() if path is not None}


def missing() -> list[str]:
    """What is not installed of what a browser needs, as paths; empty when all is there."""
    return [path for path in (CHROME, CHROMEDRIVER) if not Path(path).is_file()]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class PagesHandler(QuietHandler):
    """The site at `base_path` (its site_url's path), and its 404.html for every other address,
    as GitHub Pages serves it: the 404 page's links are written from that path."""

    base_path = "/"

    def do_GET(self) -> None:
        if self.path.startswith(self.base_path):
            self.path = "/" + self.path[len(self.base_path):]
            target = Path(self.translate_path(self.path))
            if (target / "index.html").is_file() or target.is_file():
                return super().do_GET()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def base_path(site: Path) -> str:
    """The path of the site's address (site_url): the shortest path its sitemap lists (the home
    page's), "/" without a sitemap."""
    sitemap = site / "sitemap.xml"
    paths = re.findall(r"<loc>\s*[a-z]+://[^/<]+(/[^<]*?)\s*</loc>", sitemap.read_text(encoding="utf-8")) if sitemap.is_file() else []
    return min(paths, key=len) if paths else "/"


def serve(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler):
    """The folder served on a free port of 127.0.0.1 from a thread: (server, base URL)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def start(profile: Path, scrollbars: bool = True):
    """A headless Chromium through Debian's chromedriver, named explicitly so that
    selenium-manager never goes looking for (and downloading) a driver of its own.
    Without `scrollbars`, a page has all of the viewport's width (for screenshots)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROME
    hide = [] if scrollbars else ["--hide-scrollbars"]
    for flag in [*FLAGS, *hide, f"--user-data-dir={profile}", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"]:
        options.add_argument(flag)
    # The DevTools log of every request, failed ones included: Resource Timing may omit those.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    # Material stores the colour palette a page showed and applies it on the next, over what the
    # system asks for: each page is loaded as on a first visit, so that `emulate` decides.
    # (Clearing localStorage between loads raced with the store's own writes.)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _FIRST_VISIT})
    return driver


_FIRST_VISIT = """
for (const key of Object.keys(localStorage)) if (key.endsWith("__palette")) localStorage.removeItem(key);
"""


def emulate(driver, size: tuple[int, int] = DESKTOP, dark: bool = False) -> None:
    """A viewport of `size` CSS pixels (a phone's is a touch screen that honours the viewport
    meta tag) and the colour scheme the visitor's system asks for; applies to the next load."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
    })
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}],
    })


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since this was last called (the log is drained)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def settle(driver, timeout: float = 5) -> None:
    """Waits until the page is still: its fonts loaded, every CSS transition and animation
    finished (Material fades its header tabs in), and two frames drawn after that."""
    driver.set_script_timeout(timeout)
    driver.execute_async_script(_SETTLE)


_SETTLE = """
const done = arguments[arguments.length - 1];
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
(async () => {
  await document.fonts.ready;
  for (let round = 0; round < 20; round++) {
    await frames();
    const running = document.getAnimations().filter((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity);
    if (!running.length) break;
    await Promise.all(running.map((a) => a.finished.catch(() => null)));
  }
  await frames();
})().then(() => done(), () => done());
"""


def screenshot_png(driver, size: tuple[int, int], whole: bool) -> bytes:
    """The page as a visitor sees it once it is still: its first screen, or with `whole` all of
    it, taken in a viewport as tall as the page (a capture beyond a smaller viewport caught
    Material's header mid-transition, its tabs faded, and sticky parts in the wrong place)."""
    width, height = size
    settle(driver)
    if whole:
        full = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
        if full > height:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": full, "deviceScaleFactor": 1, "mobile": width < 600,
            })
            settle(driver)
            # The page may grow once it has the room (lazy pictures): as tall as it is now.
            height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
            })
            settle(driver)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    return base64.b64decode(shot["data"])

"""Screenshots of one page of each type (and the 404 page), desktop (whole page) and phone (first screen), light
and dark, plus an index.html showing them side by side: for people to look at, not a test.

    .venv/bin/python tools/audit/screenshots.py [SITE_DIR] [--out build/screenshots]   (make screenshots)
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
from pathlib import Path

import chromium
from chromium import page_types

SIZES = {"desktop": chromium.DESKTOP, "phone": chromium.PHONE}
SCHEMES = ("light", "dark")


def write(site: Path, out: Path) -> list[Path]:
    """Writes `<type>-<size>-<scheme>.png` for each page type and index.html into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    types = page_types(site)
    server, base = chromium.serve(site)
    # The 404 page as a visitor meets it: at an address that is not there, under the site's path.
    pages_handler = type("Pages", (chromium.PagesHandler,), {"base_path": chromium.base_path(site)})
    pages, pages_base = chromium.serve(site, pages_handler)
    addresses = {name: base + path for name, path in types.items()}
    if (site / "404.html").is_file():
        addresses["404"] = pages_base.rstrip("/") + pages_handler.base_path + "no-such-page/"
    written = []
    with tempfile.TemporaryDirectory() as profile:
        driver = chromium.start(Path(profile), scrollbars=False)
        try:
            for name, address in addresses.items():
                for size_name, size in SIZES.items():
                    for scheme in SCHEMES:
                        # Off the site first: an open page would follow the change of scheme
                        # and store its palette while the next one loads.
                        driver.get("about:blank")
                        chromium.emulate(driver, size, dark=scheme == "dark")
                        driver.get(address)
                        # A phone's first screen is what a visitor sees; a desktop's whole page
                        # shows the layout of everything at once.
                        png = chromium.screenshot_png(driver, size, whole=size_name == "desktop")
                        target = out / f"{_slug(name)}-{size_name}-{scheme}.png"
                        target.write_bytes(png)
                        written.append(target)
        finally:
            driver.quit()
            server.shutdown()
            pages.shutdown()
    (out / "index.html").write_text(_index(list(addresses)), encoding="utf-8")
    return written


def _slug(name: str) -> str:
    return name.replace(" ", "-")


def _index(names: list[str]) -> str:
    rows = []
    for name in names:
        cells = []
        for size_name in SIZES:
            for scheme in SCHEMES:
                file = html.escape(f"{_slug(name)}-{size_name}-{scheme}.png")
                cells.append(
                    f'<figure class="{size_name}"><a href="{file}"><img src="{file}" alt="{html.escape(name)}, '
                    f'{size_name}, {scheme}" loading="lazy"></a><figcaption>{size_name}, {scheme}</figcaption></figure>'
                )
        rows.append(f'<section><h2>{html.escape(name)}</h2><div class="row">{"".join(cells)}</div></section>')
    return _PAGE.replace("{rows}", "\n".join(rows))


# Desktop shots are the whole page, so only their width is fixed; a click opens one full size.
_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Screenshots per page type</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1rem; background: #f4f4f4; }
  .row { display: flex; gap: 1rem; align-items: flex-start; overflow-x: auto; }
  figure { margin: 0; }
  figure.desktop img { width: 320px; }
  figure.phone img { width: 195px; }
  img { display: block; border: 1px solid #999; }
  figcaption { font-size: .8rem; color: #444; }
</style>
</head>
<body>
<h1>Screenshots per page type</h1>
<p>Desktop 1280 px wide, whole page; phone 390&times;844, first screen; light and dark
(<code>prefers-color-scheme</code>). Written by <code>make screenshots</code> and <code>make audit</code>.</p>
{rows}
</body>
</html>
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    args = parser.parse_args()
    if chromium.missing():
        print(f"screenshots: missing {', '.join(chromium.missing())} (apt-get install chromium chromium-driver)")
        return 2
    written = write(args.site, args.out)
    print(f"{len(written)} screenshots in {args.out}/ (open {args.out / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Take the screenshots of the HTML report shown on the Reports page (docs/reports.md).

The documentation build does not take them: it must stay fast and offline, with no
browser. Run this script again when :mod:`csmo_model.html_report` or the shipped
examples change, look at the pictures, and commit them::

    python docs/_static/render_report.py

It needs the ``browser`` extra (``pip install -e '.[browser]'``) and a system
Chromium (``apt-get install chromium``), found like ``csmo report --pdf`` finds it.
The report is opened from a file with every other request refused.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

import csmo_model as cm
from csmo_model.html_report import find_chromium

HERE = Path(__file__).resolve().parent
DAY = datetime.date(2026, 1, 15)  # a fixed date, so the picture does not change daily
SHOTS = {
    # file name: (example, CSS selector of the part to show, or None for the top of the page)
    "report-acme-top.png": ("acme", None),
    "report-acme-chart.png": ("acme", "#org-chart"),
}


def main() -> None:
    executable = find_chromium()
    if executable is None:
        raise SystemExit("no Chromium found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        pages = {}
        for example in {example for example, _ in SHOTS.values()}:
            path = Path(tmp) / f"{example}.html"
            path.write_text(cm.report_html(cm.examples.load(example), today=DAY), "utf-8")
            pages[example] = path.as_uri()
        allowed = set(pages.values())

        def only_the_files(route: Route) -> None:
            if route.request.url in allowed:
                route.continue_()
            else:
                route.abort()

        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.route("**/*", only_the_files)
        for name, (example, selector) in SHOTS.items():
            page.goto(pages[example])
            out = HERE / name
            if selector is None:
                page.screenshot(path=str(out))
            else:
                page.locator(selector).screenshot(path=str(out))
            print(f"wrote {out.relative_to(HERE.parent.parent)}")
        browser.close()


if __name__ == "__main__":
    main()

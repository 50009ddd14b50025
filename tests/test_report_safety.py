"""The report is safe to open: hostile article text, titles, outlets and URLs stay inert.

A corpus whose articles carry script tags, event handlers, ``javascript:``/``data:`` links,
style-sheet tricks, frames and SVG handlers (in the text, the titles, the outlet names, the
URLs, a table's column names and a file name) goes through a full build. The HTML is then
opened in headless Chromium with every request routed: no payload may run (each sets
``window.__pwned`` or the document title, or opens a dialog), no request may leave the page,
and the payloads must be visible as text. The PDF renderer must fetch nothing either.
"""

import html
import http.server
import re
import threading
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from conftest import needs_chromium, offline_page, outside_requests

from newsbrief.build import build_briefing
from newsbrief.params import make_params
from newsbrief.render import render_briefing_pdf

TITLE = 'Drones "><script>window.__pwned="title"</script> briefing'
SCRIPT = '<script>window.__pwned=1;document.title="pwned"</script>'
IMG = '<img src=x onerror="window.__pwned=2">'
STYLE = (
    "</style><style>@import url(https://evil.example/a.css); "
    "body{background:url(http://evil.example/x.png)}</style>"
)
FRAME = '<iframe src="https://evil.example/"></iframe> <svg onload="window.__pwned=3"></svg>'
JS_LINK = '<a href="javascript:window.__pwned=4">click</a>'
ARTICLES = {
    "a1": f"Iran has sent hundreds of Shahed drones {SCRIPT} to Russia, the White House said "
    "on Monday.",
    "a2": f"Iran has sent drones {IMG} to Russia for the war in Ukraine, the US State "
    "Department said.",
    "a3": "Iranian Foreign Ministry spokesman Nasser Kanaani denied that Tehran had supplied "
    f"drones to Russia {STYLE}.",
    "a4": f"Ukraine called for a UN investigation into Iranian drones {FRAME}, Foreign "
    "Minister Dmytro Kuleba said.",
    "a5": f"Iran has supplied Shahed drones to Russia {JS_LINK}, British officials said.",
}
METADATA = [
    # article_id, published, title, source, url
    ("a1", "2022-10-18", '"><script>window.__pwned=5</script>', "Gazette", "javascript:alert(1)"),
    (
        "a2",
        "2022-10-19",
        "<img src=x onerror=alert(2)> headline",
        "<b onmouseover=alert(3)>Evil Outlet</b>",
        "data:text/html,<script>alert(4)</script>",
    ),
    ("a3", "2022-10-20", "</style><style>*{display:none}</style>", "$\\frac{$ Times",
     "  JaVaScRiPt:alert(5)"),
    ("a4", "2022-11-02", "<svg onload=alert(6)>", "Wire", 'https://example.org/a?x="><script>'),
    ("a5", "2022-11-03", "Plain title", "Wire", "https://example.org/ok"),
]  # fmt: skip
VISIBLE = [
    '"><script>window.__pwned=5</script>',
    "<img src=x onerror=alert(2)> headline",
    "</style><style>*{display:none}</style>",
    "<svg onload=alert(6)>",
    "<b onmouseover=alert(3)>Evil Outlet</b>",
    "id, <script>alert(7)</script>",
]


def _write_corpus(root: Path) -> Path:
    corpus = root / "hostile_news"
    corpus.mkdir(parents=True)
    for article_id, text in ARTICLES.items():
        (corpus / f"{article_id}.txt").write_text(text + "\n", encoding="utf-8")
    meta = pd.DataFrame(METADATA, columns=["article_id", "published", "title", "source", "url"])
    meta.to_csv(corpus / "metadata.csv", index=False)
    (corpus / "columns.csv").write_text("id,<script>alert(7)</script>\n1,x\n", encoding="utf-8")
    (corpus / "<img src=x onerror=alert(8)>.txt").write_text(
        "Russia denied using Iranian drones in Ukraine, the Kremlin said on Tuesday.\n"
    )
    (corpus / "page.html").write_text(
        "<html><head><title>x</title><script>window.__pwned=9</script></head><body><article>"
        "<p>Iran has sent more drones to Russia &lt;script&gt;window.__pwned=10&lt;/script&gt;, "
        "Ukrainian officials said on Wednesday after the overnight attack on the capital.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    return corpus


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = _write_corpus(root)
    params = make_params(
        {
            "build": "hostile",
            "title": TITLE,
            "subtitle": '<img src=x onerror="window.__pwned=11">',
            "corpus": [str(corpus)],
        }
    )
    return build_briefing(params, output_root=root / "out")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _elements(page: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser.tags


pytestmark = pytest.mark.slow


def test_html__every_link_is_http_or_in_page(hostile_build):
    tags = _elements(hostile_build.html.read_text(encoding="utf-8"))
    hrefs = [attrs.get("href") or "" for tag, attrs in tags if tag == "a"]
    assert hrefs
    for href in hrefs:
        assert href.startswith(("http://", "https://", "#")), href
    assert "https://example.org/ok" in hrefs


def test_html__no_active_element_or_attribute(hostile_build):
    for tag, attrs in _elements(hostile_build.html.read_text(encoding="utf-8")):
        assert tag not in {"script", "iframe", "object", "embed", "svg", "link", "base", "frame"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in {"src", "srcset", "data", "action", "formaction", "poster", "background"}:
                assert (value or "").startswith("data:"), (tag, name, value)


@needs_chromium
def test_html__payloads_inert_and_visible_in_chromium(hostile_build):
    dialogs = []
    with offline_page(hostile_build.html) as (page, requests):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page.document_uri, wait_until="load")
        page.wait_for_timeout(300)  # time for any error or load handler to fire
        pwned = page.evaluate("window.__pwned")
        title = page.title()
        text = page.inner_text("body")
        hidden = page.evaluate("getComputedStyle(document.body).display")
    assert pwned is None
    assert dialogs == []
    assert title == TITLE
    assert hidden != "none"
    assert outside_requests(requests, hostile_build.html) == []
    for payload in [*VISIBLE, TITLE]:
        assert payload in text, payload
    assert "window.__pwned" in text.replace(TITLE, "")  # an evidence sentence, shown as text


def test_html__coverage_states_the_ingest_counts(hostile_build):
    from newsbrief.storage import read_table

    interim = hostile_build.report_dir.parents[1] / "data" / "interim" / "hostile"
    log = read_table(interim / "ingest_log.parquet")
    counts = log["status"].value_counts()
    page = hostile_build.html.read_text(encoding="utf-8")
    coverage = page.split('id="coverage"')[1].split("</table>")[0]
    shown = {
        html.unescape(label): int(n)
        for label, n in re.findall(r"<td>([^<]*)</td><td[^>]*>(\d+)</td>", coverage)
    }
    skipped = {k: v for k, v in shown.items() if k.startswith("Skipped: ")}
    assert shown["Input files and table rows read"] == len(log)
    assert shown["Articles loaded (distinct)"] == counts.get("loaded", 0)
    assert shown["Duplicate copies (exact or near)"] == counts.get("duplicate", 0)
    assert sum(skipped.values()) == counts.get("skipped", 0)
    assert "Skipped: no text column (columns: id, <script>alert(7)</script>)" in skipped
    assert len(log) == sum(counts.get(s, 0) for s in ("loaded", "duplicate", "skipped"))


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_render_briefing_pdf__fetches_nothing_remote_or_local(tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    secret = tmp_path / "secret.png"  # a local file outside the package: not to be read
    Image.new("RGB", (40, 40), "red").save(secret)
    page = (
        f'<html><head><link rel="stylesheet" href="{base}/sheet.css">'
        f"<style>@import url({base}/import.css); "
        f"body {{ background: url({base}/bg.png) }} "
        f"@font-face {{ font-family: x; src: url({base}/font.woff) }}</style></head>"
        f'<body><img src="{base}/img.png"><img src="{secret.as_uri()}">'
        f'<object data="{base}/obj"></object><p style="background:url({base}/inline.png)">x</p>'
        "</body></html>"
    )
    try:
        pdf = render_briefing_pdf(page)
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF")
    assert _Recorder.hits == []
    images = [img for page in PdfReader(BytesIO(pdf)).pages for img in page.images]
    assert images == []

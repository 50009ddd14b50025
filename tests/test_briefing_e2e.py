"""End to end: build the sample briefing as `make report` does, then read it as a user would.

One build (module fixture) is shared by the tests; a second build into the same output root
checks that rebuilding is byte-identical. The browser is the system Chromium, driven by
Playwright with every network request refused.
"""

import re
import shutil
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import needs_chromium, offline_page, outside_requests

from newsbrief.build import build_briefing
from newsbrief.params import load_params
from newsbrief.paths import PARAMS_DIR

pytestmark = pytest.mark.slow

SECTIONS = ["Key findings", "Coverage", "Actors", "Claims", "Evidence", "Method and caveats"]


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("out")
    params = load_params(PARAMS_DIR / "sample.yaml")
    result = build_briefing(params, output_root=root)
    return root, params, result


def test_build__writes_report_figures_notebooks_and_params(sample_build):
    _, params, result = sample_build
    assert result.html.is_file() and result.pdf.is_file()
    assert load_params(result.report_dir / "params.yaml") == params
    executed = sorted(p.name for p in (result.report_dir / "notebooks").glob("*.ipynb"))
    assert executed == [
        "01_key_findings.ipynb",
        "02_coverage.ipynb",
        "03_actors.ipynb",
        "04_claims.ipynb",
        "05_evidence.ipynb",
        "06_method.ipynb",
    ]
    pngs = sorted(result.figures_dir.glob("*.png"))
    assert pngs and {p.stem for p in pngs} == {p.stem for p in result.figures_dir.glob("*.svg")}


def test_html__no_code_no_script_and_every_section(sample_build):
    _, _, result = sample_build
    page = result.html.read_text()
    assert "<script" not in page.lower()
    assert "params_from_namespace" not in page and "load_briefing" not in page
    assert "injected" not in page.lower()
    for title in SECTIONS:
        assert f"{title}</a>" in page and f". {title}</h2>" in page
    assert result.params.build in page and "Input fingerprint" in page


@needs_chromium
def test_html__renders_in_chromium_offline_with_figures(sample_build, tmp_path):
    from PIL import Image

    _, _, result = sample_build
    errors = []
    shot = tmp_path / "briefing.png"
    with offline_page(result.html, viewport={"width": 1100, "height": 1400}) as (page, requests):
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page.document_uri, wait_until="load")
        widths = page.evaluate(
            "Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)"
        )
        headings = page.evaluate(
            "Array.from(document.querySelectorAll('main h2')).map(h => h.textContent)"
        )
        page.screenshot(path=str(shot), full_page=False)
    assert errors == []
    assert outside_requests(requests, result.html) == []
    assert len(widths) >= 4 and all(w > 0 for w in widths)
    assert [re.sub(r"^\d+\. ", "", h) for h in headings] == SECTIONS
    image = Image.open(shot).convert("L")
    low, high = image.getextrema()
    assert high - low > 100, "screenshot is blank"
    assert len(image.resize((110, 140)).getcolors(maxcolors=65536)) > 20
    keep = Path(tempfile.gettempdir()) / "newsbrief-e2e-briefing.png"
    shutil.copy(shot, keep)  # for a human to look at after the run


def test_pdf__a4_numbered_pages_and_every_section(sample_build):
    from pypdf import PdfReader

    _, _, result = sample_build
    reader = PdfReader(BytesIO(result.pdf.read_bytes()))
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) >= 6
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert "Contents" in pages[1]
    for index, title in enumerate(SECTIONS, start=1):
        heading = f"{index}. {title}"
        starts = [n for n, text in enumerate(pages, start=1) if heading in text.splitlines()]
        assert starts, f"section {heading!r} missing"
        toc_line = next(line for line in pages[1].splitlines() if title in line)
        assert toc_line.rstrip().endswith(str(starts[0])), toc_line
    metadata = reader.metadata or {}
    assert "/CreationDate" not in metadata and "/ModDate" not in metadata
    assert metadata.get("/Title") == result.params.title


def test_rebuild__byte_identical(sample_build):
    root, params, first = sample_build
    before = {
        p.relative_to(root): p.read_bytes()
        for p in [
            first.html,
            first.pdf,
            *sorted(first.figures_dir.iterdir()),
            *sorted(first.report_dir.rglob("*.ipynb")),
            first.report_dir / "params.yaml",
        ]
    }
    second = build_briefing(params, output_root=root, force=True)
    assert second.rebuilt
    assert second.fingerprint == first.fingerprint, "the inputs or config changed during the test"
    after = {
        p.relative_to(root): p.read_bytes()
        for p in [
            second.html,
            second.pdf,
            *sorted(second.figures_dir.iterdir()),
            *sorted(second.report_dir.rglob("*.ipynb")),
            second.report_dir / "params.yaml",
        ]
    }
    assert after.keys() == before.keys() and len(before) > 10
    changed = [str(k) for k in before if before[k] != after[k]]
    assert changed == []


HOSTILE_TEXT = (
    "TEHRAN - Iran's foreign ministry on Monday denied that Tehran had sent drones to Russia "
    'for use in Ukraine. <img src=x onerror=alert(1)> "We have not supplied any drones to '
    'Moscow for the war," the spokesman said. <script>alert("x")</script>\n'
    "Western officials said Russia had used Iranian-made drones against Ukrainian cities.\n"
)
HOSTILE_METADATA = (
    "article_id,published,date_precision,date_basis,source,url,title\n"
    "900_hostile,2022-10-24,day,explicit,<b>Outlet</b>,javascript:alert(1),"
    "<script>alert('t')</script> Iran denies drone supply\n"
)


def test_build__hostile_article_shows_as_inert_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "900_hostile.txt").write_text(HOSTILE_TEXT)
    (corpus / "metadata.csv").write_text(HOSTILE_METADATA)
    params = load_params(PARAMS_DIR / "sample.yaml", {"corpus": [str(corpus)], "build": "hostile"})
    result = build_briefing(params, output_root=tmp_path / "out")
    page = result.html.read_text()
    assert "<script" not in page.lower() and "<img src=x" not in page
    assert "javascript:" not in page.lower()  # a non-http URL is never made a link
    # nbconvert re-serialises the page (BeautifulSoup): quotes come back literal, <> stay escaped
    assert "&lt;script&gt;alert('t')&lt;/script&gt; Iran denies drone supply" in page
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in page

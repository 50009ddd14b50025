import base64
import json

import matplotlib.figure
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from newsbrief.errors import BuildError
from newsbrief.paths import NOTEBOOKS_DIR
from newsbrief.render import (
    BuildStamp,
    briefing_cells,
    check_self_contained,
    figure_bytes,
    link_html,
    notebook_sections,
    render_briefing_html,
    render_briefing_pdf,
    render_index_html,
    show_figure,
    show_findings,
    table_html,
)

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'
STAMP = BuildStamp("t1", "Title <i>", "Sub", "corpus data/raw", "abc123", "0.1.0")


def _tiny_figure():
    fig = matplotlib.figure.Figure(figsize=(3, 2))
    fig.add_subplot().plot([1, 2, 3], [2, 1, 3])
    return fig


def test_table_html__escapes_text_and_drops_index():
    df = pd.DataFrame({"title": [HOSTILE], "n": [3]}, index=["should-not-show"])
    page = table_html(df, "Caption & more")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert "should-not-show" not in page
    assert "<caption>Caption &amp; more</caption>" in page
    check_self_contained(page)


def test_table_html__links_only_http():
    df = pd.DataFrame(
        {"title": ["ok", "bad", "none"], "url": ["https://e.org/?a=1&b=2", "javascript:x", None]}
    )
    page = table_html(df, "c", columns={"title": "Title"}, links={"title": "url"})
    assert '<a href="https://e.org/?a=1&amp;b=2">ok</a>' in page
    assert "javascript" not in page
    assert ">bad<" in page and ">none<" in page


def test_table_html__columns_renamed_and_values_mapped():
    df = pd.DataFrame({"claim_id": ["c1", "c9"], "n": [1, 2], "hidden": [0, 0]})
    page = table_html(
        df,
        "c",
        columns={"claim_id": "Claim", "n": "Articles"},
        values={"claim_id": {"c1": "Drones supplied"}},
    )
    assert ">Claim<" in page and ">Articles<" in page and "hidden" not in page
    assert ">Drones supplied<" in page and ">c9<" in page


def test_table_html__empty_frame_says_none_found():
    page = table_html(pd.DataFrame({"name": pd.Series([], dtype="object")}), "c")
    assert "None found." in page and ">name<" in page


def test_table_html__missing_values_show_a_dash():
    page = table_html(pd.DataFrame({"a": [None, "x"], "n": [pd.NA, 1]}, dtype="object"), "c")
    assert page.count(">—<") == 2


def test_table_html__max_rows_says_what_was_left_out():
    page = table_html(pd.DataFrame({"n": range(5)}), "c", max_rows=2)
    assert page.count("<tr>") == 3  # header + 2 rows
    assert "Showing the first 2 of 5 rows." in page


def test_table_html__unknown_column_fails():
    with pytest.raises(KeyError, match="nope"):
        table_html(pd.DataFrame({"a": [1]}), "c", columns={"nope": "N"})


def test_link_html__non_http_is_text():
    assert link_html("ftp://x", "t") == "t"
    assert link_html("http://x.org", "t") == '<a href="http://x.org">t</a>'


def test_show_findings__escapes():
    shown = show_findings(["Iran <denies> it"])
    assert "&lt;denies&gt;" in shown._repr_html_()


def test_figure_bytes__deterministic():
    first, second = figure_bytes(_tiny_figure()), figure_bytes(_tiny_figure())
    assert first == second
    assert first[0].startswith(b"\x89PNG")
    assert "<svg" in first[1]


def test_show_figure__bundle_has_png_svg_and_name():
    data, metadata = show_figure(_tiny_figure(), "tiny", "A <tiny> chart")._repr_mimebundle_()
    assert metadata == {"newsbrief": {"figure": "tiny"}}
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert "&lt;tiny&gt;" in data["text/html"]


def test_show_figure__name_must_be_slug():
    with pytest.raises(ValueError, match="slug"):
        show_figure(_tiny_figure(), "../x", "c")


def _executed_notebook(title="Section one"):
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell(f"# {title}\n\nfor notebook users", metadata={"tags": ["notebook-only"]}),
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]}),
        new_markdown_cell("Prose for the reader."),
        new_code_cell(
            "show()",
            outputs=[
                new_output("stream", name="stderr", text="a warning"),
                new_output("display_data", data={"text/html": "<p>shown</p>"}),
            ],
        ),
        new_code_cell(
            "y",
            outputs=[new_output("execute_result", data={"text/plain": "42"}, execution_count=1)],
        ),
    ]
    return nb


def test_briefing_cells__drops_parameters_notebook_only_and_streams():
    kept = briefing_cells(_executed_notebook())
    assert [c.cell_type for c in kept.cells] == ["markdown", "code"]
    assert kept.cells[1].outputs[0]["data"] == {"text/html": "<p>shown</p>"}


def test_notebook_sections__title_and_body_without_code():
    [section] = notebook_sections([("01_x", _executed_notebook("Key findings"))])
    assert (section.slug, section.title) == ("key-findings", "Key findings")
    assert "Prose for the reader." in section.body and "<p>shown</p>" in section.body
    assert "show()" not in section.body and "a warning" not in section.body
    assert "for notebook users" not in section.body and "42" not in section.body


def test_notebook_sections__duplicate_titles_fail():
    with pytest.raises(BuildError, match="same section"):
        notebook_sections([("a", _executed_notebook()), ("b", _executed_notebook())])


def test_render_briefing_html__toc_stamp_and_no_script():
    sections = notebook_sections(
        [("01", _executed_notebook("One")), ("02", _executed_notebook("Two"))]
    )
    page = render_briefing_html(sections, STAMP)
    assert page.count('href="#one"') == 1 and 'id="two"' in page
    assert "Title &lt;i&gt;" in page and "abc123" in page and "newsbrief 0.1.0" in page
    assert "<script" not in page.lower()


@pytest.mark.parametrize(
    "fragment",
    [
        "<script>x()</script>",
        '<img src="https://cdn.example/x.png">',
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="x()">x</p>',
        '<link rel="stylesheet" href="https://x/y.css">',
        "<style>@import url(https://x/y.css);</style>",
    ],
)
def test_check_self_contained__rejects_active_or_remote_content(fragment):
    with pytest.raises(BuildError, match="not inert"):
        check_self_contained(f"<html><body>{fragment}</body></html>")


def test_check_self_contained__accepts_escaped_text_and_data_images():
    check_self_contained(
        '<p>&lt;script src="https://evil"&gt; src=https://x</p><img src="data:image/png;base64,AA">'
        '<a href="https://ok.org">ok</a><a href="#sec">toc</a>'
    )


def test_render_briefing_pdf__a4_and_deterministic():
    from io import BytesIO

    from pypdf import PdfReader

    sections = notebook_sections([("01", _executed_notebook("One"))])
    page = render_briefing_html(sections, STAMP)
    first, second = render_briefing_pdf(page), render_briefing_pdf(page)
    assert first == second
    reader = PdfReader(BytesIO(first))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "/CreationDate" not in (reader.metadata or {})
    assert "Page 1 of" in reader.pages[0].extract_text()


def test_render_index_html__links_each_build_escaped():
    page = render_index_html([{"build": "q4", "title": "Q4 <b>", "subtitle": ""}])
    assert 'href="q4/briefing.html"' in page and 'href="q4/briefing.pdf"' in page
    assert "Q4 &lt;b&gt;" in page


def test_committed_notebooks__no_outputs_one_parameters_cell_valid_ids():
    paths = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    assert paths, "no notebooks"
    for path in paths:
        nb = nbformat.reads(path.read_text(), as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code), path.name
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert all(c.get("id") for c in nb.cells), path.name
        assert not any(k in json.dumps(nb.metadata) for k in ("papermill", "execution")), path.name
        for cell in code:
            assert "def " not in cell.source and "class " not in cell.source, path.name

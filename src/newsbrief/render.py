"""Rendering: notebook outputs -> one self-contained HTML briefing -> an A4 PDF.

Notebooks show tables, figures and findings through :func:`show_table`,
:func:`show_figure` and :func:`show_findings`, which emit clean, escaped HTML (no index
column, captions, links only over http(s)). :func:`render_briefing_html` joins the executed
notebooks' outputs (nbconvert's ``basic`` template: no code, no prompts, no parameter cells)
into our own Jinja page with inline CSS: no JavaScript, no request to any network.
:func:`render_briefing_pdf` typesets that page with WeasyPrint (CSS paged media: A4, page
numbers, a title page, a table of contents with page numbers) and strips dates so two
builds of the same inputs are byte-identical.
"""

import base64
import copy
import html
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pandas as pd

from newsbrief.errors import BuildError

# Cells the briefing never shows: papermill's injected parameters, the parameters cell,
# and notebook-only prose (the title paragraph that says which section a notebook feeds).
REMOVED_CELL_TAGS = ("injected-parameters", "parameters", "notebook-only")
# Output types a reader may see; streams (warnings, prints) and bare reprs are dropped.
KEPT_MIME_TYPES = ("text/html", "image/png", "image/svg+xml", "text/markdown")
FIGURE_DPI = 200
# Tables longer than this may break across PDF pages (between rows); shorter ones never do.
LONG_TABLE_ROWS = 15
_SAFE_URL = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)
_FIRST_HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_URL_SCHEME = re.compile(r"\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"@import|url\(\s*['\"]?\s*(?!data:|#)", re.IGNORECASE)
# nbconvert gives every cell an id from the notebook; they repeat across notebooks.
_CELL_ID_ATTR = re.compile(r'\s+id="cell-id=[^"]*"')


# ---------------------------------------------------------------- shown in notebooks


@dataclass(frozen=True)
class BriefingTable:
    """A captioned table that renders as clean, escaped HTML (no index column)."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


@dataclass(frozen=True)
class BriefingFigure:
    """A captioned figure: PNG embedded for the page, SVG kept for figures/<build>/."""

    name: str
    caption: str
    png: bytes
    svg: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "text/html": figure_html(self.png, self.caption, self.name),
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "image/svg+xml": self.svg,
            "text/plain": f"Figure {self.name}: {self.caption}",
        }
        return data, {"newsbrief": {"figure": self.name}}


def escape(value: Any) -> str:
    """Return ``value`` as inert HTML text ("" for missing values)."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def link_html(url: Any, text: Any = None) -> str:
    """Return an escaped link if ``url`` is http(s), else the escaped text alone.

    A link without text is labelled with the address's host name.
    """
    label = escape(text if text is not None else url)
    if isinstance(url, str) and _SAFE_URL.fullmatch(url.strip()):
        url = url.strip()
        label = label or escape(url.split("/")[2])
        return f'<a href="{escape(url)}">{label}</a>'
    return label


def table_html(
    df: pd.DataFrame,
    caption: str,
    *,
    columns: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[Any, Any]] | None = None,
    group_by: str | None = None,
    note: str = "",
    max_rows: int | None = None,
) -> str:
    """Render ``df`` as a captioned HTML table: escaped cells, no index column.

    Args:
        df: the rows to show, in order.
        caption: what the table shows (escaped).
        columns: which columns to show, in order, and their headers; None shows all
            (URL columns named in ``links`` excepted) under their own names.
        links: maps a shown column to a column of URLs; the shown text becomes a link when
            the URL is http(s) (anything else, e.g. ``javascript:``, stays plain text).
        values: maps a column to display values (e.g. claim_id -> short label); values
            without an entry are shown as they are.
        group_by: a column shown as a heading row each time its value changes, instead of
            being repeated on every row (rows should be sorted by it).
        note: an optional line under the table (escaped).
        max_rows: show at most this many rows, saying how many were left out.
    """
    links = dict(links or {})
    values = dict(values or {})
    if max_rows is not None and len(df) > max_rows:
        left_out = f"Showing the first {max_rows:,} of {len(df):,} rows."
        note = f"{note} {left_out}".strip()
        df = df.head(max_rows)
    if columns is None:
        columns = {c: c for c in df.columns if c not in links.values()}
    columns = {c: h for c, h in columns.items() if c != group_by}
    wanted = [*columns, *links.values(), *([group_by] if group_by else [])]
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        raise KeyError(f"table {caption!r}: no column {', '.join(map(repr, missing))}")
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(df[c])}
    # Short values (dates, codes, counts) never wrap; long text does.
    short = {c for c in columns if max(map(len, map(escape, df[c])), default=0) <= 12}
    css = {
        c: " ".join(k for k, on in (("num", c in numeric), ("nowrap", c in short)) if on)
        for c in columns
    }
    attr = {c: f' class="{v}"' if v else "" for c, v in css.items()}
    head = "".join(f'<th{attr[c]} scope="col">{escape(h)}</th>' for c, h in columns.items())

    def shown(column: str, value: Any) -> Any:
        return values[column].get(value, value) if column in values else value

    rows, group = [], object()
    for record in df.to_dict("records"):
        if group_by and record[group_by] != group:
            group = record[group_by]
            rows.append(
                f'<tr class="group"><th colspan="{len(columns)}" scope="rowgroup">'
                f"{escape(shown(group_by, group)) or '—'}</th></tr>"
            )
        cells = []
        for c in columns:
            value = shown(c, record[c])
            text = link_html(record[links[c]], value) if c in links else escape(value)
            cells.append(f"<td{attr[c]}>{text or '—'}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        rows.append(f'<tr><td class="empty" colspan="{len(columns)}">None found.</td></tr>')
    size = "long" if len(df) > LONG_TABLE_ROWS else "short"
    foot = f'<p class="table-note">{escape(note)}</p>' if note else ""
    return (
        f'<figure class="table {size}"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{foot}</figure>"
    )


def show_table(
    df: pd.DataFrame,
    caption: str,
    *,
    columns: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[Any, Any]] | None = None,
    group_by: str | None = None,
    note: str = "",
    max_rows: int | None = None,
) -> BriefingTable:
    """Return a table for the briefing (display it as a cell's last line).

    Arguments as for :func:`table_html`.
    """
    html_text = table_html(
        df,
        caption,
        columns=columns,
        links=links,
        values=values,
        group_by=group_by,
        note=note,
        max_rows=max_rows,
    )
    df = df.head(max_rows) if max_rows is not None else df
    shown = df[list(columns)].rename(columns=dict(columns)) if columns else df
    return BriefingTable(html=html_text, text=f"{caption}\n{shown.to_string(index=False)}")


def figure_bytes(fig: Any) -> tuple[bytes, str]:
    """Return ``fig`` as (PNG bytes, SVG text), both free of dates and random ids."""
    import matplotlib

    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
    svg = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "newsbrief", "svg.fonttype": "path"}):
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return png.getvalue(), svg.getvalue()


def figure_html(png: bytes, caption: str, name: str) -> str:
    """Return a captioned ``<figure>`` with the PNG embedded as a data: URL."""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="chart" id="fig-{escape(name)}">'
        f'<img src="data:image/png;base64,{data}" alt="{escape(caption)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def show_figure(fig: Any, name: str, caption: str) -> BriefingFigure:
    """Return a figure for the briefing and close ``fig`` so it is not shown twice.

    The build saves it as figures/<build>/<name>.png and .svg.
    """
    import matplotlib.pyplot as plt

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise ValueError(f"figure name {name!r} must be a lower-case slug")
    png, svg = figure_bytes(fig)
    plt.close(fig)
    return BriefingFigure(name=name, caption=caption, png=png, svg=svg)


def show_findings(findings: Iterable[Any], caption: str = "") -> BriefingTable:
    """Return a bulleted list of findings (strings, or objects with ``.text``)."""
    items = [escape(getattr(f, "text", f)) for f in findings]
    body = "".join(f"<li>{item}</li>" for item in items) or "<li>No findings.</li>"
    head = f"<p class=lead>{escape(caption)}</p>" if caption else ""
    return BriefingTable(
        html=f'<div class="findings">{head}<ul>{body}</ul></div>',
        text="\n".join(f"- {html.unescape(i)}" for i in items),
    )


# ---------------------------------------------------------------- the briefing page


@dataclass(frozen=True)
class Section:
    """One briefing section: made from one executed notebook."""

    slug: str
    title: str
    body: str


@dataclass(frozen=True)
class BuildStamp:
    """What identifies a build, printed in the title block (no wall-clock time)."""

    build: str
    title: str
    subtitle: str
    parameters: str
    fingerprint: str
    version: str


def notebook_title(nb: Any, default: str) -> str:
    """Return the text of the notebook's first ``# heading`` (its section title)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = _FIRST_HEADING.search(cell.source)
            if match:
                return match.group(1).strip()
    return default


def briefing_cells(nb: Any) -> Any:
    """Return a copy of ``nb`` holding only what a reader sees.

    Drops the parameter and notebook-only cells and every output that is not HTML, an
    image or markdown (streams, warnings, bare reprs).
    """
    nb = copy.deepcopy(nb)
    kept = []
    for cell in nb.cells:
        if set(cell.get("metadata", {}).get("tags", [])) & set(REMOVED_CELL_TAGS):
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if o.get("output_type") in ("display_data", "execute_result")
                and any(m in o.get("data", {}) for m in KEPT_MIME_TYPES)
            ]
            if not cell.outputs:
                continue
        kept.append(cell)
    nb.cells = kept
    return nb


def notebook_body_html(nb: Any) -> str:
    """Convert a notebook's reader-visible cells to an HTML fragment (nbconvert, basic)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(briefing_cells(nb))
    return _CELL_ID_ATTR.sub("", body).strip()


def section_slug(title: str) -> str:
    """Return an id for a section title ("Key findings" -> "key-findings")."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"


def notebook_sections(notebooks: Sequence[tuple[str, Any]]) -> list[Section]:
    """Turn executed notebooks (name, node) into briefing sections, in the given order."""
    sections = []
    for name, nb in notebooks:
        title = notebook_title(nb, default=name)
        sections.append(Section(section_slug(title), title, notebook_body_html(nb)))
    slugs = [s.slug for s in sections]
    if len(set(slugs)) != len(slugs):
        raise BuildError(f"two notebooks give the same section title: {slugs}")
    return sections


def _template(name: str) -> str:
    return resources.files("newsbrief").joinpath("templates", name).read_text(encoding="utf-8")


def _jinja_env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_template),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_briefing_html(sections: Sequence[Section], stamp: BuildStamp) -> str:
    """Return the whole briefing as one self-contained HTML page.

    Raises:
        BuildError: the page would hold a script or load anything from elsewhere.
    """
    import markupsafe

    page = (
        _jinja_env()
        .get_template("briefing.html.j2")
        .render(
            stamp=stamp,
            sections=[
                {"slug": s.slug, "title": s.title, "body": markupsafe.Markup(s.body)}
                for s in sections
            ],
            css=markupsafe.Markup(_template("briefing.css")),
        )
    )
    check_self_contained(page)
    return page


class _PageChecker(HTMLParser):
    """Collects what would make a page run code or reach the network."""

    BANNED_TAGS = frozenset({"script", "iframe", "object", "embed", "link", "base", "frame"})
    URL_ATTRS = frozenset({"src", "srcset", "data", "poster", "action", "formaction", "background"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BANNED_TAGS:
            self.problems.append(f"<{tag}> element")
        self._in_style = tag == "style"
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name in self.URL_ATTRS and not value.lower().startswith("data:"):
                self.problems.append(f"{name}={value[:40]!r} on <{tag}> loads from elsewhere")
            elif name == "href" and _URL_SCHEME.match(value) and not _SAFE_URL.match(value):
                self.problems.append(f"href={value[:40]!r} on <{tag}> is not http(s)")
            elif name == "style" and _CSS_REMOTE.search(value):
                self.problems.append(f"inline style on <{tag}> loads from elsewhere")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_REMOTE.search(data):
            self.problems.append("stylesheet loads from elsewhere")


def check_self_contained(page: str) -> None:
    """Raise BuildError if ``page`` could run code or load anything from elsewhere.

    Inspects the parsed elements, not the text, so an article that *quotes* markup (which
    is escaped and so shown as text) passes.
    """
    checker = _PageChecker()
    checker.feed(page)
    checker.close()
    if checker.problems:
        raise BuildError(
            "the briefing HTML is not inert and self-contained: " + "; ".join(checker.problems)
        )


def render_briefing_pdf(page: str) -> bytes:
    """Typeset the briefing page as an A4 PDF, byte-identical for identical pages."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    # The page is self-contained (figures are data: URLs); fetching anything else, remote
    # or local, would let an article's markup reach the network or the file system.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=page, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(pdf_identifier=b"newsbrief", uncompressed_pdf=False)


def render_index_html(entries: Sequence[Mapping[str, str]], title: str = "Briefings") -> str:
    """Return reports/index.html: one link per briefing.

    Each entry has ``build``, ``title``, ``subtitle`` and optionally ``covers`` (a line
    saying what the briefing covers).
    """
    page = (
        _jinja_env()
        .get_template("index.html.j2")
        .render(title=title, entries=entries, css=_template_markup("briefing.css"))
    )
    check_self_contained(page)
    return page


def _template_markup(name: str) -> Any:
    import markupsafe

    return markupsafe.Markup(_template(name))

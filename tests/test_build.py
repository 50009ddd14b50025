import json

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from newsbrief import build
from newsbrief.errors import BuildError, InputError, ParameterError
from newsbrief.params import make_params

PARAMS_CELL = "build = 'sample'\ncorpus = ['data/raw']\noutput_root = None"
IMPORTS = (
    "import matplotlib.figure\nimport pandas as pd\n"
    "from newsbrief.build import load_briefing_tables\n"
    "from newsbrief.params import params_from_namespace\n"
    "from newsbrief.render import show_figure, show_table"
)
LOAD = (
    "params = params_from_namespace(globals())\ntables = load_briefing_tables(params, output_root)"
)
SHOW = 'show_table(tables["articles"], "Articles <seeded>", columns={"article_id": "Article"})'
FIGURE = (
    "fig = matplotlib.figure.Figure(figsize=(3, 2))\nfig.add_subplot().plot([1, 2], [2, 1])\n"
    'show_figure(fig, "line", "A line")'
)


def _notebook(path, title, *cells):
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    }
    nb.cells = [
        new_markdown_cell(f"# {title}", metadata={"tags": ["notebook-only"]}),
        new_code_cell(PARAMS_CELL, metadata={"tags": ["parameters"]}),
        new_code_cell(IMPORTS),
        *[new_code_cell(c) for c in cells],
    ]
    nbformat.write(nb, path)


@pytest.fixture
def project(tmp_path):
    """A corpus, seeded cached tables and two tiny notebooks, all under tmp_path."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Tehran denied it.")
    params = make_params({"build": "t1", "corpus": [str(corpus)], "title": "Tiny <b>"})
    roots = build.OutputRoots.under(tmp_path / "out")
    tables = {
        name: pd.DataFrame({"article_id": ["<script>x</script>"], "status": ["loaded"]})
        for name in build.INTERIM_TABLES + build.PROCESSED_TABLES
    }
    dirs = {"interim": roots.interim / "t1", "processed": roots.processed / "t1"}
    build._write_tables(tables, dirs, build.input_fingerprint(params))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "01_one.ipynb", "Section one", LOAD, SHOW, FIGURE)
    _notebook(notebooks / "02_two.ipynb", "Section two", LOAD, "print('not shown')")
    return params, tmp_path / "out", notebooks


def test_output_roots_under__reroots_project_layout(tmp_path):
    roots = build.OutputRoots.under(tmp_path)
    assert roots.interim == tmp_path / "data" / "interim"
    assert roots.reports == tmp_path / "reports"
    assert build.OutputRoots.under(None) == build.OutputRoots()


def test_input_fingerprint__changes_with_corpus_content(project):
    params, _, _ = project
    before = build.input_fingerprint(params)
    assert build.input_fingerprint(params) == before
    params.corpus_paths[0].joinpath("a.txt").write_text("Moscow denied it.")
    assert build.input_fingerprint(params) != before


def test_input_fingerprint__ignores_non_corpus_parameters(project):
    params, _, _ = project
    other = make_params({**params.to_dict(), "build": "t2", "period": "week", "top_n": 2})
    assert build.input_fingerprint(other) == build.input_fingerprint(params)


def test_load_briefing_tables__reads_cache_when_fingerprint_matches(project):
    params, out, _ = project
    tables = build.load_briefing_tables(params, out)
    assert set(tables) == set(build.INTERIM_TABLES + build.PROCESSED_TABLES)
    assert tables["articles"]["article_id"].tolist() == ["<script>x</script>"]


def test_build_briefing__writes_report_figures_params_and_notebooks(project):
    params, out, notebooks = project
    result = build.build_briefing(params, output_root=out, notebooks_dir=notebooks)
    page = result.html.read_text()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script" not in page
    assert "Articles &lt;seeded&gt;" in page and "not shown" not in page
    assert page.index("Section one") < page.index("Section two")
    assert "Tiny &lt;b&gt;" in page and result.fingerprint in page
    assert result.pdf.read_bytes().startswith(b"%PDF-")
    assert (result.report_dir / "params.yaml").read_text().startswith("build: t1")
    assert sorted(p.name for p in (result.report_dir / "notebooks").iterdir()) == [
        "01_one.ipynb",
        "02_two.ipynb",
    ]
    executed = json.loads((result.report_dir / "notebooks" / "01_one.ipynb").read_text())
    assert any(c.get("outputs") for c in executed["cells"])
    assert sorted(p.name for p in result.figures_dir.iterdir()) == ["line.png", "line.svg"]
    assert not [p for p in (out / "reports").iterdir() if p.name.startswith(".")]


def test_build_briefing__current_report_is_left_alone_unless_forced(project):
    params, out, notebooks = project
    first = build.build_briefing(params, output_root=out, notebooks_dir=notebooks)
    assert first.rebuilt and (first.report_dir / "build.json").is_file()
    written = first.html.stat().st_mtime_ns
    again = build.build_briefing(params, output_root=out, notebooks_dir=notebooks)
    assert not again.rebuilt and again.html.stat().st_mtime_ns == written
    other = make_params({**params.to_dict(), "top_n": 3})
    assert build.build_briefing(other, output_root=out, notebooks_dir=notebooks).rebuilt
    forced = build.build_briefing(other, output_root=out, notebooks_dir=notebooks, force=True)
    assert forced.rebuilt


def test_build_briefing__failing_cell_names_notebook_and_cell_and_keeps_report(project):
    params, out, notebooks = project
    good = build.build_briefing(params, output_root=out, notebooks_dir=notebooks)
    before = good.html.read_bytes()
    _notebook(notebooks / "02_two.ipynb", "Section two", LOAD, "missing_name + 1")
    with pytest.raises(BuildError) as exc:
        build.build_briefing(params, output_root=out, notebooks_dir=notebooks)
    message = str(exc.value)
    assert "02_two.ipynb" in message and "missing_name + 1" in message
    assert "NameError" in message and "cell" in message
    assert good.html.read_bytes() == before
    assert not [p for p in (out / "reports").iterdir() if p.name.startswith(".")]


def test_execute_notebook__misspelt_papermill_parameter_fails(project, tmp_path):
    _, out, notebooks = project
    with pytest.raises(BuildError, match="perod"):
        build.execute_notebook(
            notebooks / "02_two.ipynb",
            tmp_path / "x.ipynb",
            {"perod": "week", "output_root": str(out)},
        )


def test_build_batch__index_links_every_build(project, tmp_path):
    params, out, notebooks = project
    files = []
    for name in ("t1", "t2"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(json.dumps({**params.to_dict(), "build": name}))
        files.append(path)
    results = build.build_batch(files, output_root=out, notebooks_dir=notebooks)
    assert [r.params.build for r in results] == ["t1", "t2"]
    index = (out / "reports" / "index.html").read_text()
    assert 'href="t1/briefing.html"' in index and 'href="t2/briefing.pdf"' in index
    # t2 shares t1's corpus: its tables were reused, not recomputed (no pipeline is needed)
    assert (out / "data" / "processed" / "t2" / "fingerprint.json").exists()


def test_build_batch__duplicate_build_names_fail(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("build: same\n")
    with pytest.raises(ParameterError, match="share a build name"):
        build.build_batch([path, path], output_root=tmp_path)


def test_cli_build__parses_params_file_and_overrides():
    from newsbrief.cli import build_parser

    args = build_parser().parse_args(
        ["build", "p.yaml", "-p", "top_n", "5", "-p", "period", "week"]
    )
    assert str(args.params) == "p.yaml"
    assert args.param == [["top_n", "5"], ["period", "week"]]


def test_kernel_session__clears_namespace_between_notebooks(project, tmp_path):
    _, out, notebooks = project
    leaky = notebooks / "leaky.ipynb"
    _notebook(leaky, "Leaky", "leftover = 1")
    probe = notebooks / "probe.ipynb"
    _notebook(probe, "Probe", "assert 'leftover' not in globals()")
    with build.KernelSession() as session:
        build.execute_notebook(leaky, tmp_path / "a.ipynb", {"output_root": str(out)}, session)
        build.execute_notebook(probe, tmp_path / "b.ipynb", {"output_root": str(out)}, session)


LEXICON = pd.DataFrame(
    {
        "actor_id": ["iran", "raisi"],
        "name": ["Iran", "Ebrahim Raisi"],
        "type": ["state", "person"],
        "country": ["IRN", "IRN"],
    }
)
TAXONOMY = pd.DataFrame({"claim_id": ["drone_supply"], "proposition": ["Iran supplied drones."]})


def test_focus_tables__keeps_focus_country_and_claims():
    mentions = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "actor_id": ["raisi", "russia", "iran"],
            "country": ["IRN", "RUS", "IRN"],
        }
    )
    claims = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "claim_id": ["drone_supply", "other", "drone_supply"],
            "speaker_id": ["raisi", "raisi", "lavrov"],
            "speaker_country": ["IRN", "IRN", "RUS"],
        }
    )
    params = make_params({"focus_actors": ["IRN"], "focus_claims": ["drone_supply"]})
    kept_mentions, kept_claims = build.focus_tables(mentions, claims, params, LEXICON, TAXONOMY)
    assert kept_mentions["actor_id"].tolist() == ["raisi", "iran"]
    assert kept_claims["article_id"].tolist() == ["a"]


@pytest.mark.parametrize("name, value", [("focus_actors", ["XYZ"]), ("focus_claims", ["nope"])])
def test_focus_tables__unknown_focus_is_named(name, value):
    empty = pd.DataFrame(
        columns=["article_id", "actor_id", "country", "claim_id", "speaker_id", "speaker_country"]
    )
    with pytest.raises(ParameterError, match=name):
        build.focus_tables(empty, empty, make_params({name: value}), LEXICON, TAXONOMY)


def test_claim_labels__prefers_label_then_proposition():
    assert build.claim_labels(TAXONOMY) == {"drone_supply": "Iran supplied drones."}
    labelled = TAXONOMY.assign(label=["Drones supplied"])
    assert build.claim_labels(labelled) == {"drone_supply": "Drones supplied"}


def _seed_folder(folder, parts=1):
    """Contract-named tables in ``folder``; mentions as ``parts`` part files."""
    from newsbrief.storage import write_table

    for name in build.INTERIM_TABLES + build.PROCESSED_TABLES:
        df = pd.DataFrame({"article_id": ["a", "b"], "status": ["loaded", "duplicate"]})
        if name != "mentions":
            write_table(df, folder / f"{name}.parquet")
            continue
        for n in range(parts):
            mentions = pd.DataFrame({"article_id": ["a", "b", "a"], "country": ["IRN"] * 3})
            write_table(mentions, folder / "mentions.parquet" / f"part-{n:05d}.parquet")
    return folder


def test_extracted_tables__reads_columns_categoricals_and_counts_rows(tmp_path):
    folder = _seed_folder(tmp_path, parts=2)
    tables = build.ExtractedTables({"mentions": folder / "mentions.parquet"})
    assert tables.count_rows("mentions") == 6
    coded = tables.read("mentions", ["country"], categorical=["country"])
    assert list(coded.columns) == ["country"] and coded["country"].dtype == "category"
    assert tables.read("mentions", exclude=["country"]).columns.tolist() == ["article_id"]
    assert len(tables["mentions"]) == 6 and list(tables) == ["mentions"]


def test_load_briefing_tables__tables_parameter_reads_that_folder(tmp_path):
    folder = _seed_folder(tmp_path / "tables")
    params = make_params({"build": "t1", "tables": str(folder)})
    tables = build.load_briefing_tables(params, tmp_path / "out")
    assert tables.paths["claims"] == folder / "claims.parquet"
    assert tables["articles"]["article_id"].tolist() == ["a", "b"]
    assert not (tmp_path / "out").exists()  # nothing extracted, nothing copied
    summary = build.method_summary(params, tables).set_index("item")["value"]
    assert summary["Actor mentions"] == "3" and summary["Duplicate copies"] == "1"
    before = tables.fingerprint
    pd.DataFrame({"article_id": ["c"]}).to_parquet(folder / "claims.parquet")
    assert build.input_fingerprint(params) != before
    (folder / "claims.parquet").unlink()
    with pytest.raises(InputError, match="no claims table"):
        build.load_briefing_tables(params, tmp_path / "out")


@pytest.mark.slow
def test_load_briefing_tables__corpus_of_many_chunks_runs_chunked_and_cached(tmp_path, monkeypatch):
    import shutil

    from newsbrief import engine
    from newsbrief.paths import RAW_DIR

    corpus = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, corpus)
    one = make_params({"build": "one", "corpus": [str(corpus)]})
    small = build.load_briefing_tables(one, tmp_path / "out")
    monkeypatch.setattr(engine, "CHUNK_ARTICLES", 2)  # every article a chunk of its own
    monkeypatch.setattr(build, "_TABLE_MEMO", {})  # extract again, not copy build "one"
    params = make_params({"build": "many", "corpus": [str(corpus)]})
    chunked = build.load_briefing_tables(params, tmp_path / "out")
    processed = tmp_path / "out" / "data" / "processed" / "many"
    assert chunked.paths["mentions"].is_dir() and (processed / ".cache").is_dir()
    assert not (processed / build.EXTRACT_DIR).exists()
    ids = sorted(chunked["articles"]["article_id"])
    assert ids == sorted(small["articles"]["article_id"])
    assert chunked.count_rows("mentions") == small.count_rows("mentions")
    assert chunked.count_rows("claims") == small.count_rows("claims")

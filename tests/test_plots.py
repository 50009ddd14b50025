import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from test_aggregate import actor_mentions, claims_df, corpus, mentions_df, story_claims

from newsbrief import aggregate as ag
from newsbrief import plots as pl

LABELS = {"supply": "Iran supplies drones to Russia", "talks": "Iran offers expert talks"}


@pytest.fixture(scope="module")
def tables():
    arts, log = corpus()
    return ag.build_briefing_tables(
        arts, actor_mentions(), story_claims(), log, period="month", claim_labels=LABELS
    )


@pytest.fixture(scope="module")
def empty_tables():
    arts, log = corpus()
    return ag.build_briefing_tables(arts.iloc[0:0], mentions_df(), claims_df(), log.iloc[0:0])


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def all_plots(t: ag.BriefingTables) -> dict[str, Figure]:
    return {
        "articles": pl.plot_articles_over_time(t.articles_by_period_and_source, t.period),
        "actors": pl.plot_actors_over_time(t.state_articles_by_period, t.period, n_articles=4),
        "cooccurrence": pl.plot_actor_cooccurrence(t.state_cooccurrence_matrix, n_articles=5),
        "claims": pl.plot_claims_over_time(t.claim_articles_by_period, t.period, t.claim_labels),
        "who": pl.plot_who_says_what(t.who_says_what, t.claim_labels, n_articles=5),
        "timeline": pl.plot_claim_timeline(t.claim_timeline, t.claim_labels),
    }


def test_plot_articles_over_time__title_units_n_and_hatched_sources(tables):
    fig = pl.plot_articles_over_time(tables.articles_by_period_and_source, "month")
    found = texts(fig)
    assert "Coverage over time" in found
    assert "n = 4 articles; not shown: 1 undated" in found  # n and the undated, from attrs
    ax = fig.findobj(matplotlib.axes.Axes)[0]
    assert ax.get_ylabel() == "articles per month"
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Oct 2022", "Nov 2022", "Dec 2022", "Jan 2023",
    ]  # fmt: skip
    hatches = {p.get_hatch() for p in ax.patches}
    assert len(hatches) == 2  # Wire solid, Gazette hatched: tells sources apart in greyscale


def test_plot_actors_over_time__one_line_and_marker_per_actor(tables):
    fig = pl.plot_actors_over_time(tables.state_articles_by_period, "month", n_articles=4)
    ax = fig.findobj(matplotlib.axes.Axes)[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["Iran", "Russia", "Ukraine"]
    assert len({line.get_marker() for line in lines}) == 3
    assert list(lines[0].get_ydata()) == [1, 0, 1, 0]
    assert any(t.startswith("n = 4 articles") for t in texts(fig))
    default = pl.plot_actors_over_time(tables.state_articles_by_period, "month")
    # a1, a2 (via Raisi) and a3 are dated and mention a top state; a4 is undated.
    assert any(t.startswith("n = 3 articles mentioning these actors;") for t in texts(default))


def test_plot_actor_cooccurrence__counts_written_in_cells(tables):
    fig = pl.plot_actor_cooccurrence(tables.state_cooccurrence_matrix)
    ax = fig.findobj(matplotlib.axes.Axes)[0]
    cells = [t.get_text() for t in ax.texts]
    assert cells == [str(v) for v in tables.state_cooccurrence_matrix.to_numpy().ravel()]


def test_plot_claims_over_time__denials_hatched(tables):
    fig = pl.plot_claims_over_time(tables.claim_articles_by_period, "month", LABELS)
    bars = [p for ax in fig.findobj(matplotlib.axes.Axes) for p in ax.patches]
    deny = matplotlib.colors.to_rgba(pl.STANCE_COLOURS["deny"])
    assert bars and all(p.get_hatch() for p in bars if p.get_facecolor() == deny)
    assert "Iran supplies drones to Russia" in texts(fig)


def test_plot_who_says_what__size_legend_and_counts(tables):
    fig = pl.plot_who_says_what(tables.who_says_what, LABELS)
    ax = fig.findobj(matplotlib.axes.Axes)[0]
    legend = ax.get_legend()
    entries = [t.get_text() for t in legend.get_texts()]
    assert legend.get_title().get_text() == "stance"
    assert entries == ["asserts", "denies", "asserts and denies", "marker size", "1 article",
                       "3 articles"]  # sizes 1 and the largest (3)  # fmt: skip
    assert any(t.startswith("n = 5 articles stating a claim;") for t in texts(fig))
    annotations = sorted(int(a.get_text()) for a in ax.texts)
    assert annotations == sorted(tables.who_says_what["article_count"])


def test_plot_claim_timeline__one_marker_per_article(tables):
    fig = pl.plot_claim_timeline(tables.claim_timeline, LABELS)
    ax = fig.findobj(matplotlib.axes.Axes)[0]
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == len(tables.claim_timeline) == 5
    assert "n = 4 dated articles; one marker per article" in texts(fig)


def test_plot_claim_timeline__many_articles_binned_into_bounded_markers():
    days = pd.date_range("2022-01-03", periods=400, freq="D")
    timeline = pd.DataFrame(
        {
            "claim_id": ["supply"] * 800,
            "article_id": [f"a{i}" for i in range(800)],
            "date": list(days) * 2,
            "stance": ["assert"] * 400 + ["deny"] * 400,
        }
    )
    fig = pl.plot_claim_timeline(timeline, LABELS)
    ax = fig.findobj(matplotlib.axes.Axes)[0]
    points = sum(len(c.get_offsets()) for c in ax.collections)
    # 400 days span 58 weeks (at most MAX_TIMELINE_BINS): one marker per week and stance
    assert points == 2 * 58
    assert "n = 800 dated articles; one marker per claim, stance and week" in texts(fig)[1]


def test_plots__empty_data_gives_a_no_data_figure(empty_tables):
    for name, fig in all_plots(empty_tables).items():
        assert isinstance(fig, Figure), name
        assert any(t.startswith(pl.NO_DATA) for t in texts(fig)), name


def test_plots__every_chart_has_a_title_and_fixed_dpi(tables):
    for name, fig in all_plots(tables).items():
        assert fig.get_dpi() == pl.DPI, name
        assert texts(fig)[0], name


def test_house_style__does_not_leak_into_global_settings(tables):
    before = dict(matplotlib.rcParams)
    pl.plot_articles_over_time(tables.articles_by_period_and_source)
    with pl.house_style():
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
    assert dict(matplotlib.rcParams) == before


def test_save_figure__byte_identical_png_and_svg(tables, tmp_path):
    first = pl.save_figure(pl.plot_who_says_what(tables.who_says_what, LABELS), tmp_path / "a", "w")
    second = pl.save_figure(
        pl.plot_who_says_what(tables.who_says_what, LABELS), tmp_path / "b", "w"
    )
    assert [p.name for p in first] == ["w.png", "w.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    svg = first[1].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["w.png", "w.svg"]  # no temp
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in first)  # readable, like any output


def test_save_figure__failure_leaves_no_partial_file(tmp_path, monkeypatch):
    fig = pl.no_data_figure("Empty")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(RuntimeError):
        pl.save_figure(fig, tmp_path, "x")
    assert list(tmp_path.iterdir()) == []


def test_no_data_figure__shows_the_message():
    fig = pl.no_data_figure("Claims over time", "No data for this period")
    assert texts(fig) == ["Claims over time", "No data for this period"]


def test_plot_articles_over_time__accepts_the_total_table(tables):
    fig = pl.plot_articles_over_time(tables.articles_by_period, "month", note="")
    assert "n = 4 articles" in texts(fig)
    assert isinstance(pd.Timestamp(tables.articles_by_period["period_start"].iloc[0]), pd.Timestamp)


def test_plots__one_article_still_draws_or_says_no_data():
    from test_aggregate import article, articles_df, claim, mention

    arts = articles_df(article("solo", "2022-10-05"))
    ms = mentions_df(mention("solo", 0, 0, "IRN", "Iran", "state", "IRN"))
    cl = claims_df(claim("solo", 0, "supply", "deny", "Kanaani", country="IRN"))
    t = ag.build_briefing_tables(arts, ms, cl, period="week")
    figs = all_plots(t)
    assert "n = 1 article" in texts(figs["articles"])
    assert any(x.startswith(pl.NO_DATA) for x in texts(figs["cooccurrence"]))  # one actor
    who = pl.plot_who_says_what(t.who_says_what)
    assert any(x.startswith("n = 1 article stating a claim;") for x in texts(who))
    for fig in figs.values():
        fig.canvas.draw()  # renders without error


def test_plots__look_the_same_whatever_the_global_style(tables, tmp_path):
    plain = pl.save_figure(pl.plot_who_says_what(tables.who_says_what), tmp_path / "a", "w")
    with matplotlib.rc_context({"font.size": 20, "xtick.labelsize": 30, "ytick.color": "red"}):
        fig = pl.plot_who_says_what(tables.who_says_what)
    styled = pl.save_figure(fig, tmp_path / "b", "w")
    assert plain[0].read_bytes() == styled[0].read_bytes()

"""Interrupted and failed builds leave the last good report and tables whole.

A build of the sample corpus runs as a subprocess (``build_briefing`` with its output root in
``tmp_path``, so the project's own reports are never touched) and is killed with SIGKILL
at different moments: early (loading, extraction), mid-way (notebooks), and while the PDF is
being typeset. After each kill the report and figures are byte-for-byte the previous ones
(or, had the kill come after the final swap, the complete new ones: never a mix), every
table still reads, and the next run completes normally.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsbrief.paths import PROJECT_ROOT, RAW_DIR
from newsbrief.storage import read_table

pytestmark = pytest.mark.slow

BUILD = "interrupted"
RUNNER = textwrap.dedent(
    """
    import sys
    from newsbrief.build import build_briefing
    from newsbrief.params import make_params
    corpus, root, title = sys.argv[1:4]
    build_briefing(make_params({"build": "interrupted", "title": title, "corpus": [corpus]}),
                   output_root=root)
    """
)


def _start(corpus: Path, root: Path, title: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(corpus), str(root), title],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _run(corpus: Path, root: Path, title: str) -> None:
    proc = _start(corpus, root, title)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]


def _snapshot(root: Path) -> dict[str, str]:
    """Hash of every file under the build's report, figures and table folders."""
    files = {}
    for kind in ("reports", "figures", "data/interim", "data/processed"):
        folder = root / kind / BUILD
        for path in sorted(folder.rglob("*")) if folder.exists() else []:
            if path.is_file():
                rel = path.relative_to(root).as_posix()
                files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _part(snapshot: dict[str, str], *kinds: str) -> dict[str, str]:
    return {k: v for k, v in snapshot.items() if k.startswith(kinds)}


def _staged_html(root: Path) -> bool:
    return any((root / "reports").glob(f".{BUILD}.*/report/briefing.html"))


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 300) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            assert proc.returncode == 0, proc.stderr.read().decode()[-3000:]
            return False
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    proc.kill()
    proc.wait()
    raise AssertionError("the build neither finished nor reached the moment to kill it")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("interrupted")
    corpus = base / "corpus"
    shutil.copytree(RAW_DIR, corpus)
    root = base / "out"
    _run(corpus, root, "First build")
    return corpus, root


def _assert_whole(root: Path, before: dict[str, str], after_new: dict[str, str] | None) -> None:
    now = _snapshot(root)
    shown = _part(now, "reports", "figures")
    assert shown, "the previous report is gone"
    candidates = [_part(before, "reports", "figures")]
    if after_new is not None:
        candidates.append(_part(after_new, "reports", "figures"))
    assert shown in candidates, "report and figures are neither the old nor the new build"
    for rel in now:
        if rel.endswith(".parquet"):
            read_table(root / rel)  # never truncated
    html = (root / "reports" / BUILD / "briefing.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    assert (root / "reports" / BUILD / "briefing.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def _tables_rewritten(root: Path, since_ns: int) -> bool:
    try:
        articles = root / "data" / "interim" / BUILD / "articles.parquet"
        return articles.stat().st_mtime_ns > since_ns
    except FileNotFoundError:
        return False


def _notebooks_running(root: Path) -> bool:
    return any((root / "reports").glob(f".{BUILD}.*/report/notebooks/*.ipynb"))


MOMENTS = {
    # Each moment is when the kill is sent: a time after the start, or the first sign of a
    # step (polled every 5 ms), so the kill lands inside that step.
    "after 1 s": lambda root, t0, ns: time.monotonic() - t0 >= 1,
    "while tables are written": lambda root, t0, ns: _tables_rewritten(root, ns),
    "while notebooks run": lambda root, t0, ns: _notebooks_running(root),
    "during the PDF": lambda root, t0, ns: _staged_html(root),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_build__killed_leaves_previous_report_whole(first_build, moment):
    corpus, root = first_build
    before = _snapshot(root)
    # a new article changes the input fingerprint: extraction and table writing run again
    (corpus / f"zz_extra_{moment.replace(' ', '_')}.txt").write_text(
        "Iran denied on Friday that it had sent drones to Russia, the foreign ministry said.\n"
    )
    started, started_ns = time.monotonic(), time.time_ns()
    proc = _start(corpus, root, f"Killed {moment}")
    ready = MOMENTS[moment]
    assert _kill_when(proc, lambda: ready(root, started, started_ns)), "finished before the kill"
    _assert_whole(root, before, None)


def test_build__next_run_after_kills_completes(first_build):
    # runs after the kills above (same module fixture)
    corpus, root = first_build
    before = _snapshot(root)
    _run(corpus, root, "After the kills")
    after = _snapshot(root)
    assert _part(after, "reports") != _part(before, "reports")
    html = (root / "reports" / BUILD / "briefing.html").read_text(encoding="utf-8")
    assert "After the kills" in html
    articles = read_table(root / "data" / "interim" / BUILD / "articles.parquet")
    assert len(articles) == len(list(corpus.glob("*.txt")))  # every added article is in


def test_build__killed_runs_leave_no_staging_litter(first_build):
    # runs after the kills and the complete run above (same module fixture): staging
    # folders of killed runs are removed by the next complete run
    _, root = first_build
    litter = [
        p.name
        for kind in ("reports", "figures")
        for p in (root / kind).iterdir()
        if p.name.startswith(".")
    ]
    assert litter == []


def test_load_briefing_tables__interrupted_table_write_never_mixes(tmp_path, monkeypatch):
    """Tables half rewritten (a kill between two table files) are never taken as complete."""
    import newsbrief.build as build
    import newsbrief.storage as storage
    from newsbrief.params import make_params

    corpus = tmp_path / "corpus"
    shutil.copytree(RAW_DIR, corpus)
    old = make_params({"build": BUILD, "corpus": [str(corpus)]})
    first = build.load_briefing_tables(old, tmp_path)
    extra = corpus / "zz_extra.txt"
    extra.write_text("Russia denied using Iranian drones, the Kremlin said on Monday.\n")
    new = make_params({"build": BUILD, "corpus": [str(corpus)]})
    real_write, calls = storage.write_table, []

    def dying_write(df, path):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # stands in for a kill after the first table
        return real_write(df, path)

    monkeypatch.setattr(storage, "write_table", dying_write)
    build._TABLE_MEMO.clear()
    with pytest.raises(KeyboardInterrupt):
        build.load_briefing_tables(new, tmp_path)
    monkeypatch.setattr(storage, "write_table", real_write)
    extra.unlink()  # back to the first corpus: its fingerprint again
    build._TABLE_MEMO.clear()
    again = build.load_briefing_tables(old, tmp_path)
    assert len(again["articles"]) == len(first["articles"])
    assert again["articles"]["article_id"].tolist() == first["articles"]["article_id"].tolist()


@pytest.mark.parametrize("exchange", ["atomic exchange", "two renames"])
def test_swap_in__killed_between_renames_keeps_a_report(tmp_path, monkeypatch, exchange):
    """A kill inside the swap leaves the old or the new report (put back by the next build)."""
    import newsbrief.build as build

    final = tmp_path / "reports" / BUILD
    final.mkdir(parents=True)
    (final / "briefing.html").write_text("old")
    staged = tmp_path / "reports" / ".staged"
    staged.mkdir()
    (staged / "briefing.html").write_text("new")
    if exchange == "two renames":  # a system without renameat2
        monkeypatch.setattr(build, "_exchange", lambda a, b: False)
    real_rename, calls = os.rename, []

    def dying_rename(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:
            raise KeyboardInterrupt  # stands in for a kill after the first rename
        return real_rename(src, dst)

    monkeypatch.setattr(build.os, "rename", dying_rename)
    try:
        build._swap_in(staged, final)
    except KeyboardInterrupt:
        assert exchange == "two renames"
    monkeypatch.setattr(build.os, "rename", real_rename)
    build._remove_stale_staging(final.parent, BUILD)  # what the next build does first
    assert (final / "briefing.html").read_text() == (
        "new" if exchange == "atomic exchange" else "old"
    )
    assert [p.name for p in final.parent.iterdir()] in (
        [BUILD],
        [BUILD, ".staged"],
        [".staged", BUILD],
    )

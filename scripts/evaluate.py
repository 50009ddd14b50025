"""Score extraction against the labelled development set.

Runs `newsbrief extract` over the devset pages and calls the devset's own scorers
(actors, claims, claim+stance; publication dates). The devset lives in planning's shared
folder beside the checkout (``../shared/devset``, or ``$NEWSBRIEF_DEVSET``); it is not
shipped with the project, and this script skips cleanly when it is absent.

usage: python scripts/evaluate.py [--show-errors]
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = Path(os.environ.get("NEWSBRIEF_DEVSET", ROOT.parent / "shared" / "devset"))
OUT = ROOT / "build" / "devset"


def main(argv: list[str]) -> int:
    if not (DEVSET / "gold.json").exists():
        print(f"skipped: no labelled devset at {DEVSET} (set NEWSBRIEF_DEVSET)")
        return 0
    subprocess.run(
        [
            sys.executable,
            "-m",
            "newsbrief",
            "extract",
            str(DEVSET / "raw"),
            "--out",
            str(OUT),
            "--quiet",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    extra = ["--show-errors"] if "--show-errors" in argv else []
    rc = subprocess.run(
        [sys.executable, str(DEVSET / "score.py"), str(DEVSET / "gold.json"), str(OUT), *extra]
    ).returncode
    rc |= subprocess.run(
        [sys.executable, str(DEVSET / "score_dates.py"), str(DEVSET / "gold.json"), str(OUT)]
    ).returncode
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

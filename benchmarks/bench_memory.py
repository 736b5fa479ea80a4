"""Peak memory (VmHWM) of fresh processes: the cleaner's tables loaded, and cleaning a
1 MB and a 10 MB report — beside bare Python and the bare import, in the same run.

    .venv/bin/python benchmarks/bench_memory.py

Goals (issue 11): tables loaded <= 40 MiB; a 1 MB / 10 MB report cleaned <= 100 / 300 MiB.
The reports are the seeds repeated to size (garbled text: loss marks, pinyin, commas).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PEAK = """
import sys
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]) / 1024)
"""

CASES = {
    "bare python": "",
    "import jiyao.cleaning": "import jiyao.cleaning",
    "tables loaded": (
        "from jiyao.cleaning import tables, gbk_beam\n"
        "from jiyao.cleaning.plausibility import jieba_dictionary\n"
        "from jiyao.cleaning.news_model import news_model\n"
        "tables.chars(); tables.phrases(); jieba_dictionary(); gbk_beam._index(); news_model()"
    ),
    "clean 1 MB report": "from jiyao.cleaning import clean_text\nclean_text(open(sys.argv[1]).read())",
    "clean 10 MB report": "from jiyao.cleaning import clean_text\nclean_text(open(sys.argv[2]).read())",
}
GOALS = {"tables loaded": 40, "clean 1 MB report": 100, "clean 10 MB report": 300}


def _report(size: int, folder: Path) -> Path:
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = (seeds + "\n") * (size // len(seeds.encode()) + 1)
    path = folder / f"{size}.txt"
    path.write_text(text[: size // 3], encoding="utf-8")  # ~3 bytes a character
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        one, ten = _report(1_000_000, Path(folder)), _report(10_000_000, Path(folder))
        # Build any table file not built yet, so that no case pays for building.
        subprocess.run([sys.executable, "-c", CASES["tables loaded"]], check=True)
        for label, code in CASES.items():
            out = subprocess.run(
                [sys.executable, "-c", f"import sys\n{code}\n{_PEAK}", str(one), str(ten)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            peak = float(out.stdout.split()[-1])
            goal = f"  (goal <= {GOALS[label]} MiB)" if label in GOALS else ""
            print(f"{label:22s} peak {peak:6.1f} MiB{goal}")


if __name__ == "__main__":
    main()

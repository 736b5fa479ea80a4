"""Peak memory (VmHWM) of fresh processes: the cleaner's tables loaded, and cleaning a
1 MB and a 10 MB report — beside bare Python and the bare import, in the same run.

    .venv/bin/python benchmarks/bench_memory.py

Goals (issue 11): tables loaded <= 40 MiB; a 1 MB / 10 MB report cleaned <= 100 / 300 MiB.
The reports are the seeds repeated to size (garbled text: loss marks, pinyin, commas).
Each is timed too: the 10 MB report took 36 s at `05fbf17`, 11 s since (each repair's
place had been looked for in every line). A hostile page of the same size is measured
beside them: `?` before runs of random common characters, every one of which reads as
lost bytes out of phase (the decoder's budget of steps bounds it; before, 236 k
characters of it took 138 s and 975 MB).
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

_TIMED = (
    "import time\nfrom jiyao.cleaning import clean_text\ntext = open(sys.argv[{argument}]).read()\n"
    "start = time.perf_counter()\nclean_text(text)\nprint(f'{{time.perf_counter() - start:.1f}} s')"
)
CASES = {
    "bare python": "",
    "import jiyao.cleaning": "import jiyao.cleaning",
    "tables loaded": (
        "from jiyao.cleaning import tables, gbk_beam\n"
        "from jiyao.cleaning.plausibility import jieba_dictionary\n"
        "from jiyao.cleaning.news_model import news_model\n"
        "tables.chars(); tables.phrases(); jieba_dictionary(); gbk_beam._index(); news_model()"
    ),
    "clean 1 MB report": _TIMED.format(argument=1),
    "clean 10 MB report": _TIMED.format(argument=2),
    "clean 1 MB hostile page": _TIMED.format(argument=3),
    # The readout and the brief after cleaning (each repeated its paragraphs' checks
    # against all before them: a 2 MB report's readout 8.4 s before the session after 05fbf17).
    "read out, brief 1 MB": (
        "import time\nfrom jiyao.cleaning import clean_text\nfrom jiyao.extraction import extract_offline\n"
        "from jiyao.briefing import render_brief\nreport = clean_text(open(sys.argv[1]).read())\n"
        "start = time.perf_counter()\nrender_brief(report, extract_offline(report), None, 'html')\n"
        "print(f'{time.perf_counter() - start:.1f} s')"
    ),
}
GOALS = {"tables loaded": 40, "clean 1 MB report": 100, "clean 10 MB report": 300}


def _report(size: int, folder: Path) -> Path:
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = (seeds + "\n") * (size // len(seeds.encode()) + 1)
    path = folder / f"{size}.txt"
    path.write_text(text[: size // 3], encoding="utf-8")  # ~3 bytes a character
    return path


def _hostile(size: int, folder: Path) -> Path:
    import random

    from jiyao.cleaning import gbk_beam

    rng = random.Random(3)
    common = sorted(gbk_beam.characters(None, None))
    runs = ("?" + "".join(rng.choice(common) for _ in range(14)) + "??，" for _ in range(size // 3 // 18 + 1))
    path = folder / f"hostile-{size}.txt"
    path.write_text("".join(runs)[: size // 3], encoding="utf-8")
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        one, ten = _report(1_000_000, Path(folder)), _report(10_000_000, Path(folder))
        hostile = _hostile(1_000_000, Path(folder))
        # Build any table file not built yet, so that no case pays for building.
        subprocess.run([sys.executable, "-c", CASES["tables loaded"]], check=True)
        for label, code in CASES.items():
            out = subprocess.run(
                [sys.executable, "-c", f"import sys\n{code}\n{_PEAK}", str(one), str(ten), str(hostile)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            *said, peak = out.stdout.split("\n")[:-1]
            goal = f"  (goal <= {GOALS[label]} MiB)" if label in GOALS else ""
            took = f"  in {said[-1]}" if said else ""
            print(f"{label:24s} peak {float(peak):6.1f} MiB{goal}{took}")


if __name__ == "__main__":
    main()

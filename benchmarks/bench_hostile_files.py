"""Files built to hurt the reader, one of each kind jiyao reads: time and peak memory
(VmHWM) of a fresh `jiyao clean` process on each, and what it answered.

    .venv/bin/python benchmarks/bench_hostile_files.py

Each file is small on disk and costly to read, as an attacker (or a broken exporter)
would make it. Every one must end within its time budget (`--timeout`) or be refused
(exit 2) with what to do; none may take the machine's memory. Another checkout's code
is measured on the same files with ``PYTHONPATH=<checkout>/src`` (the processes import
jiyao from there). At ``05fbf17``: the Word document of a million paragraphs took 873 MiB,
its list level 50,000,000 29 s, the MHTML file of 50,000 parts 19 s (read), the PDF page
of ten forms 5.9 s against a budget of 0.3 s (read to its end, exit 0), and the CSV file
was read as text. At ``8f02bf1``, a text of 60,000 lines a width broke took 40 s: finding
the width compared every line with the longest open one, found anew for each.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_docx import NUMBERING, numbered, paragraph, word_document  # noqa: E402
from tests.test_pdf_files import _page_of_many_forms  # noqa: E402

_RUN = """
import sys
from jiyao.cli import main
sys.argv = ["jiyao", "clean", *sys.argv[1:]]
try:
    main()
except SystemExit as e:
    code = e.code or 0
else:
    code = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(f"{code} {int(line.split()[1]) / 1024:.0f}", file=sys.stderr)
"""


def _mhtml(parts: int) -> bytes:
    head = b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B"\n\n'
    page = b"--B\nContent-Type: text/html; charset=utf-8\n\n<p>" + "縣政府召開常務會議。".encode() + b"</p>\n"
    return head + page + b"--B\nContent-Type: image/gif\n\nGIF89a\n" * parts + b"--B--\n"


def _csv_of_one_long_field() -> bytes:
    return ("title,content\n縣政府會議," + "會" * 300_000 + "\n").encode()


def _lines_a_width_broke(count: int) -> bytes:
    return ("縣政府常務會議紀要\n" + "縣政府召開常務會議研究部署全縣安全生產工作要求\n" * count).encode()


def files() -> dict[str, tuple[bytes, str, list[str]]]:
    """name → (content, suffix, extra arguments)."""
    deep_level = NUMBERING.replace('w:ilvl="1"><w:start', 'w:ilvl="50000000"><w:start')
    return {
        "docx: a million short paragraphs": (word_document(paragraph("会") * 1_000_000), ".docx", []),
        "docx: list level 50,000,000": (
            word_document(numbered(1, 50_000_000, "核查隐患") * 3, parts={"word/numbering.xml": deep_level}),
            ".docx",
            [],
        ),
        "mhtml: 50,000 parts": (_mhtml(50_000), ".mhtml", []),
        "pdf: ten forms of 10,000 operators, budget 0.3 s": (
            _page_of_many_forms(10, 10_000),
            ".pdf",
            ["--timeout", "0.3"],
        ),
        "csv: a field of 300,000 characters": (_csv_of_one_long_field(), ".csv", []),
        # A PDF's text layer of a long document: every line open, as a width broke it.
        "txt: 60,000 lines a width broke": (_lines_a_width_broke(60_000), ".txt", []),
    }


def main() -> None:
    print(f"{'file':50s} {'on disk':>9s} {'exit':>4s} {'seconds':>8s} {'peak MiB':>8s}  answer")
    with tempfile.TemporaryDirectory() as folder:
        for index, (name, (content, suffix, extra)) in enumerate(files().items()):
            path = Path(folder) / f"hostile-{index}{suffix}"
            path.write_bytes(content)
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _RUN, str(path), *extra], capture_output=True, text=True, cwd=ROOT
            )
            seconds = time.perf_counter() - start
            *said, last = done.stderr.strip().splitlines() or ["? ?"]
            code, peak = last.split()
            answer = (
                said[0].replace(str(path.parent) + "/", "")[:80] if said else f"read: {len(done.stdout):,} characters"
            )
            print(f"{name:50s} {len(content):9,d} {code:>4s} {seconds:8.2f} {peak:>8s}  {answer}")


if __name__ == "__main__":
    main()

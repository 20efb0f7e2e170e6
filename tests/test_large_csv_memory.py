"""A CSV of 5 million rows with a publication's header is streamed and refused with a clear
message; the build's peak memory (measured in a subprocess) stays under 2 GB."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, copy_real, find

MEASURE = """
import resource, sys
from etl.__main__ import main
code = main(sys.argv[1:])
print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


def test_five_million_rows_fail_in_bounded_memory(tmp_path, source):
    copy_real("population", source)
    lines = find("cin_referrals").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    big = source / "c1_referrals_huge.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write(lines[0])
        block = "".join(lines[1:1001])
        for _ in range(5000):
            out.write(block)
    done = subprocess.run([sys.executable, "-c", MEASURE, "build", "--source", str(source), "--db", str(tmp_path / "o.duckdb")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    big.unlink()
    assert done.returncode == 2, done.stderr[-2000:]
    assert "c1_referrals_huge.csv" in done.stderr and "more than 500,000 data rows" in done.stderr, done.stderr
    peak_kb = int(done.stdout.rsplit("peak_kb", 1)[1].split()[0])
    print(f"peak memory {peak_kb / 1024:.0f} MB")
    assert peak_kb < 2 * 1024 * 1024

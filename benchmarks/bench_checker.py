"""The tutorial checker's own memory while a step prints a lot: its peak resident set (VmHWM of
the checker process, not of the engine's processes) for a step printing 100 MB whose expected
line comes first. Target: under 100 MB. Needs a working podman or docker and the tutorials'
image (`make tutorial-images`); says so and fails without them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB = 100
IMAGE = "debian:bookworm"


def peak_rss_mb(argv: list[str], env: dict[str, str]) -> tuple[int, float, float]:
    """Exit code, peak resident MB of that one process, seconds."""
    start = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while process.poll() is None:
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
            peak = max(peak, int(status.split("VmHWM:")[1].split()[0]) / 1024)
        except (OSError, IndexError):
            pass
        time.sleep(0.05)
    return process.wait(), peak, time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=100, help="what the step prints (default 100)")
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content" / "tutorials").mkdir(parents=True)
        (root / "content" / "tutorials" / "loud.yml").write_text(f"""title: Loud
image: {IMAGE}
network: false
steps:
  - title: {args.megabytes} MB, the expected line first
    run: echo FIRST; head -c {args.megabytes * 1000 * 1000} /dev/zero | tr '\\0' y | fold -w 1000
    expect: {{stdout: "^FIRST$"}}
""")
        argv = [sys.executable, "-m", "researchsite.tutorials", "--root", str(root), "check", "--engine", args.engine]
        env = {**os.environ, "TUTORIALS_RUNTIME": os.environ.get("TUTORIALS_RUNTIME", "runc")}
        code, peak, seconds = peak_rss_mb(argv, env)
    print(f"checker, a step printing {args.megabytes} MB: peak RSS {peak:.0f} MB in {seconds:.1f} s (exit code {code})")
    if code != 0:
        print("MISSED: the check did not pass (no engine or image? see `make check-tutorials`)")
        return 1
    if peak >= TARGET_MB:
        print(f"MISSED: peak RSS {peak:.0f} MB, target under {TARGET_MB} MB")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

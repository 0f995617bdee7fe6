#!/usr/bin/env python3
"""Instructions one service call executes (callgrind): repeatable on a busy machine, unlike timings.

    .venv/bin/python scripts/instructions_per_call.py [--patient typical|synthea] [--calls 10]

Runs the in-process call of scripts/profile_request.py under ``valgrind --tool=callgrind`` twice,
with 3 and with 3 + ``--calls`` calls after start-up, and prints the difference ÷ ``--calls``: the
instructions of one call (start-up, warm-up and token signing cancel out). Needs valgrind.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_calls(patient: str, calls: int) -> None:
    """The measured program: start-up, then ``calls`` calls (tokens signed up front)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import profile_request as pr

    if patient == "typical":
        body = pr.typical_request(pr.SERVICE)
    else:
        found = pr.synthea_request("Vito_Feeney")
        assert found is not None, "no Synthea record Vito_Feeney"
        body = found[1]
    client, key = pr.make_client()
    raw = json.dumps(body).encode()
    headers = [pr.bearer(key.sign(pr.claims(pr.AUDIENCE))) for _ in range(calls)]
    for header in headers:
        response = client.post(
            f"/cds-services/{pr.SERVICE}", data=raw, headers={**header, "Content-Type": "application/json"}
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:300]


def instructions(patient: str, calls: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
             "--run", str(calls), "--patient", patient],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONHASHSEED": "0"},  # same set and dict orders in every run
        )
        summary = re.search(r"^summary:\s*(\d+)", out.read_text(errors="replace"), re.MULTILINE)
        assert summary, "no summary in the callgrind output"
        return int(summary.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patient", choices=("typical", "synthea"), default="typical")
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)  # inside valgrind: make this many calls
    args = parser.parse_args()
    if args.run is not None:
        run_calls(args.patient, args.run)
        return
    base = instructions(args.patient, 3)
    more = instructions(args.patient, 3 + args.calls)
    print(f"{args.patient}: {(more - base) / args.calls / 1e6:.1f} M instructions per call")


if __name__ == "__main__":
    main()

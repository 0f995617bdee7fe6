#!/usr/bin/env python3
"""Instructions one service call executes (callgrind): repeatable on a busy machine, unlike timings.

    .venv/bin/python scripts/instructions_per_call.py [--patient typical|synthea] [--calls 10] [--floor]
                                                      [--free mapping|pipeline]

Runs the in-process call of scripts/profile_request.py under ``valgrind --tool=callgrind`` twice,
with 3 and with 3 + ``--calls`` calls after start-up, and prints the difference ÷ ``--calls``: the
instructions of one call (start-up, warm-up and token signing cancel out). ``--floor`` also counts the
same calls to the protocol floor (scripts/protocol_floor.py, same body and tokens) and prints the
ratio, the throughput ratio one core would give if the HTTP server cost nothing. ``--free`` asks what a
call would cost if a stage cost nothing (its first answer is reused; a diagnosis, not a way to serve):
``mapping`` (FHIR → facts), ``pipeline`` (prefetch reading, mapping, rules, cards and card memory: what is
left is the protocol around them). Needs valgrind.
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


def run_calls(patient: str, calls: int, floor: bool = False, free: str | None = None) -> None:
    """The measured program: start-up, then ``calls`` calls (tokens signed up front)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import profile_request as pr

    if free is not None:
        _make_free(free)

    if patient == "typical":
        body = pr.typical_request(pr.SERVICE)
    else:
        found = pr.synthea_request("Vito_Feeney")
        assert found is not None, "no Synthea record Vito_Feeney"
        body = found[1]
    client, key = pr.make_client()
    if floor:
        from protocol_floor import floor_app

        client = floor_app(key.public_pem(), "http://localhost").test_client()
    raw = json.dumps(body).encode()
    headers = [pr.bearer(key.sign(pr.claims(pr.AUDIENCE))) for _ in range(calls)]
    for header in headers:
        response = client.post(
            f"/cds-services/{pr.SERVICE}", data=raw, headers={**header, "Content-Type": "application/json"}
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:300]


def _make_free(stage: str) -> None:
    """Replace ``stage`` by its first answer (facts given the call's ``as_of``), for --free."""
    import dataclasses

    from cds_service import pipeline

    owner, name = (pipeline.fhir_mappings, "map_record") if stage == "mapping" else (pipeline, "run")
    real = getattr(owner, name)
    first: list = []

    def again(*args, **kwargs):
        if not first:
            first.append(real(*args, **kwargs))
        return dataclasses.replace(first[0], as_of=kwargs["as_of"]) if stage == "mapping" else first[0]

    setattr(owner, name, again)


def instructions(patient: str, calls: int, floor: bool = False, free: str | None = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
             "--run", str(calls), "--patient", patient, *(["--floor"] if floor else []),
             *(["--free", free] if free else [])],
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
    parser.add_argument("--floor", action="store_true", help="also count the protocol floor's calls")
    parser.add_argument("--free", choices=("mapping", "pipeline"), help="count the service as if this cost nothing")
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)  # inside valgrind: make this many calls
    args = parser.parse_args()
    if args.run is not None:
        run_calls(args.patient, args.run, args.floor, args.free)
        return
    per_call = {}
    for floor in (False, True) if args.floor else (False,):
        free = None if floor else args.free
        base = instructions(args.patient, 3, floor, free)
        more = instructions(args.patient, 3 + args.calls, floor, free)
        per_call[floor] = (more - base) / args.calls
        name = "protocol floor" if floor else f"service{f' ({free} free)' if free else ''}"
        print(f"{args.patient}, {name}: {per_call[floor] / 1e6:.1f} M instructions per call")
    if args.floor:
        print(f"floor ÷ service: {per_call[True] / per_call[False]:.2f}")


if __name__ == "__main__":
    main()

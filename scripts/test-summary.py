#!/usr/bin/env python3
"""Adds up meson's testlog.json files and prints one 'N passed, N failed' line.

Usage: test-summary.py [LABEL=]LOG.json...  A labelled log (for example
'Linux 6.12=build/host/meson-logs/system-linux-6.12.json') also gets a line of
its own, and its failures are named with the label. Exit status 1 when a test
failed or none ran.
"""
import json
import sys


def read(path):
    """(passed, failed, skipped, failed names) of one log; a missing log fails."""
    passed = failed = skipped = 0
    names = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                res = r.get("result")
                if res in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif res == "SKIP":
                    skipped += 1
                else:
                    failed += 1
                    names.append(f"{r.get('name')} ({res})")
    except (OSError, ValueError) as e:
        print(f"test-summary: cannot read {path}: {e}", file=sys.stderr)
        failed += 1
    return passed, failed, skipped, names


def main(args):
    total = [0, 0, 0]
    for arg in args:
        label, sep, path = arg.partition("=")
        if not sep or not label or "/" in label:
            label, path = "", arg
        p, f, s, names = read(path)
        for n in names:
            print(f"FAILED: {label + ': ' if label else ''}{n}", file=sys.stderr)
        if label:
            print(f"{label}: {p} passed, {f} failed, {s} skipped")
        total = [total[0] + p, total[1] + f, total[2] + s]
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 1 if total[1] or total[0] == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Splits each traced capture's guest pause with QEMU's own trace events (capture --qemu-trace).
usage: pause_split.py [FOLDER]  (default: the folder of this script); prints a markdown table."""
import json, os, re, sys

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

def events(path):
    out = []
    for line in open(path):
        m = re.match(r'(\d+)@(\d+)\.(\d+):(\S+)\s*(.*)', line)
        if m:
            out.append((int(m.group(2)) + int(m.group(3)) / 1e6, m.group(4), m.group(5).strip()))
    return out

print("| capture | downtime (QMP) | guest pause (QMP) | pending at the stop | destination reads the switchover command | source's downtime ends | destination loaded | destination runs |")
print("|---|---|---|---|---|---|---|---|")
for name in sorted(os.listdir(here)):
    folder = os.path.join(here, name)
    if not os.path.isfile(os.path.join(folder, "qemu-trace-src.log")):
        continue
    src, dst = events(os.path.join(folder, "qemu-trace-src.log")), events(os.path.join(folder, "qemu-trace-dst.log"))
    summary = json.load(open(os.path.join(folder, "summary.json")))
    stop = next(t for t, e, a in src if a == "src-downtime-start")
    at = lambda side, pred: next(t for t, e, a in side if pred(e, a))
    pending = [a for t, e, a in src if e == "migration_thread_low_pending"]
    ms = lambda t: f"+{(t - stop) * 1000:.1f} ms"
    print(f"| {name} | {summary['downtime']} ms | {summary['guest-pause-ms']:.1f} ms | {int(pending[-1]) / 1e6:.2f} MB | "
          f"{ms(at(dst, lambda e, a: 'SWITCHOVER_START' in a))} | {ms(at(src, lambda e, a: a == 'src-downtime-end'))} | "
          f"{ms(at(dst, lambda e, a: a == 'dst-precopy-loadvm-completed'))} | {ms(at(dst, lambda e, a: a == 'dst-precopy-bh-vm-started'))} |")

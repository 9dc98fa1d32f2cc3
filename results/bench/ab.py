#!/usr/bin/env python3
"""Interleaved A/B of two migsim builds on bench scenarios: each round runs every build once per
scenario, in turn, so a host whose speed drifts (this 2-core VM's does, by 10-50% within minutes)
slows both alike. Prints a markdown table of medians and minimums (whole process, `migsim run -q`).

usage: ab.py ROUNDS BEFORE_BINARY AFTER_BINARY SCENARIO.yaml...
"""
import shutil, statistics, subprocess, sys, tempfile, time

rounds, before, after, scenarios = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
out = tempfile.mkdtemp(prefix="migsim-ab-")
print("| scenario | before: median (min) | after: median (min) | change |")
print("|---|---|---|---|")
for scenario in scenarios:
    times = {before: [], after: []}
    for _ in range(rounds):
        for binary in (before, after):
            shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([binary, "run", scenario, "--out", out, "-q"], stdout=subprocess.DEVNULL, check=True)
            times[binary].append(time.perf_counter() - start)
    b, a = statistics.median(times[before]), statistics.median(times[after])
    name = scenario.rsplit("/", 1)[-1].removesuffix(".yaml")
    print(f"| {name} | {b:.3f} s ({min(times[before]):.3f}) | {a:.3f} s ({min(times[after]):.3f}) | {100 * (a - b) / b:+.0f}% |")
shutil.rmtree(out, ignore_errors=True)

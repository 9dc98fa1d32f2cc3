#!/usr/bin/env python3
"""Interleaved A/B of two migsim builds on bench scenarios: each round runs every build once per
scenario, in turn, so a host whose speed drifts (this 2-core VM's does, by 10-50% within minutes)
slows both alike. Prints a markdown table of medians and minimums (whole process, `migsim run -q`).

A sweep file (one with `axes:`, e.g. scenarios/bench/sweeps/sweep-1000.yaml) is timed as
`migsim sweep FILE --no-figures --jobs J` for each J of --jobs (default 1,2), every build and job
count in turn within a round; its rows also give the CPU time (user + system) of the process and
the time of the runs alone (the sweep's own "N runs in X s": from the first run's start to the
last's end, without start-up, expanding the points and sorting the file), and a last row per build
the ratio of the first job count's time to the last's, per round (median, min-max; whole process,
then runs alone), which is what "2 jobs against 1" means.

usage: ab.py ROUNDS BEFORE_BINARY AFTER_BINARY [--jobs 1,2] SCENARIO.yaml...
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

args = sys.argv[1:]
jobs = [1, 2]
if "--jobs" in args:
    i = args.index("--jobs")
    jobs = [int(j) for j in args[i + 1].split(",")]
    del args[i:i + 2]
rounds, before, after, scenarios = int(args[0]), args[1], args[2], args[3:]
out = tempfile.mkdtemp(prefix="migsim-ab-")


def timed(command):
    """Wall seconds, CPU seconds (user + system) of one child process, and its runs' seconds (a sweep's; else None)."""
    shutil.rmtree(out, ignore_errors=True)
    start, cpu = time.perf_counter(), os.times()
    stdout = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True).stdout
    wall, end = time.perf_counter() - start, os.times()
    runs = re.search(r"\d+ runs in ([0-9.]+) s", stdout)
    return wall, (end.children_user - cpu.children_user) + (end.children_system - cpu.children_system), float(runs.group(1)) if runs else None


def is_sweep(path):
    with open(path) as f:
        return any(line.startswith("axes:") for line in f)


def cell(values):
    return f"{statistics.median(values):.3f} s ({min(values):.3f})"


print("| scenario | before: median (min) | after: median (min) | change | CPU before -> after (median) | runs alone before -> after (median) |")
print("|---|---|---|---|---|---|")
for scenario in scenarios:
    name = scenario.rsplit("/", 1)[-1].removesuffix(".yaml")
    sweep = is_sweep(scenario)
    cases = [(f"{name} ({j} job{'s' if j > 1 else ''})", ["sweep", scenario, "--out", out, "--no-figures", "--jobs", str(j)]) for j in jobs] \
        if sweep else [(name, ["run", scenario, "--out", out, "-q"])]
    walls = {(b, c): [] for b in (before, after) for c, _ in cases}
    cpus = {(b, c): [] for b in (before, after) for c, _ in cases}
    runs = {(b, c): [] for b in (before, after) for c, _ in cases}
    for _ in range(rounds):
        for binary in (before, after):
            for case, arguments in cases:
                wall, cpu, alone = timed([binary] + arguments)
                walls[binary, case].append(wall)
                cpus[binary, case].append(cpu)
                runs[binary, case].append(alone)
    for case, _ in cases:
        b, a = statistics.median(walls[before, case]), statistics.median(walls[after, case])
        print(f"| {case} | {cell(walls[before, case])} | {cell(walls[after, case])} | {100 * (a - b) / b:+.0f}% | "
              f"{statistics.median(cpus[before, case]):.2f} -> {statistics.median(cpus[after, case]):.2f} s | " +
              (f"{statistics.median(runs[before, case]):.3f} -> {statistics.median(runs[after, case]):.3f} s |" if sweep else "- |"))
    if sweep and len(cases) > 1:
        first, last = cases[0][0], cases[-1][0]

        def ratio(times, b):
            r = sorted(x / y for x, y in zip(times[b, first], times[b, last]))
            return f"{statistics.median(r):.2f}x ({r[0]:.2f}-{r[-1]:.2f})"
        print(f"| {name}: {jobs[0]} against {jobs[-1]} jobs, per round (whole process; runs alone) | " +
              " | ".join(f"{ratio(walls, b)}; {ratio(runs, b)}" for b in (before, after)) + " | | | |")
shutil.rmtree(out, ignore_errors=True)

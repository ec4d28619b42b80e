#!/usr/bin/env python3
"""CPU time (user + sys) and peak RSS of commands, run side by side: the fair measure on a
loaded machine, where wall-clock times swing. Each round runs every command once, in
order; the figures are medians over the rounds (peak RSS: the largest seen).

    python3 bench/cpu.py ROUNDS NAME=COMMAND [NAME=COMMAND...]

The first command is the baseline of the ratios. Output goes to /dev/null. Prints a
markdown table row per command.
"""
import os
import shlex
import statistics
import subprocess
import sys


def run(argv):
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{shlex.join(argv)}: exit {os.waitstatus_to_exitcode(status)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main():
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    cpu = {name: [] for name, _ in commands}
    rss = {name: 0 for name, _ in commands}
    for name, command in commands:  # one warm-up each
        run(shlex.split(command))
    for _ in range(rounds):
        for name, command in commands:
            t, m = run(shlex.split(command))
            cpu[name].append(t)
            rss[name] = max(rss[name], m)
    base = statistics.median(cpu[commands[0][0]])
    print("| command | CPU median (ms) | min-max (ms) | ratio | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|")
    for name, _ in commands:
        med = statistics.median(cpu[name])
        print(
            f"| `{name}` | {med * 1000:.0f} | {min(cpu[name]) * 1000:.0f}-"
            f"{max(cpu[name]) * 1000:.0f} | {med / base:.2f}x | {rss[name] / 1024:.0f} |"
        )


main()

#!/usr/bin/python3
"""Draws the figures of `taps-host report` from the data it wrote.

    report_figures.py run DATA.json OUT_DIR
    report_figures.py groups DATA.json OUT_DIR

run: DATA.json (written by taps-host, times in seconds from the first submit):
  functions: [name, ...]
  workers:   [label, ...]                 one timeline row each
  tasks:     {worker: [i], function: [i], start: [s], end: [s]}
  in_flight: {time: [s], count: [n]}      a step after each change
  phases:    {names: [phase, ...], median: {function: [s per phase]}}

Writes timeline.png, in_flight.png and phases.png into OUT_DIR.

groups: DATA.json holds the several-run report's groups:
  keys:    [config key, ...]              the keys that differ between runs
  metrics: [name (unit), ...]
  groups:  [{values: [...], mean: [...], ci95: [...]}, ...]
Writes a figure per metric (makespan.png, throughput.png, ...): its mean
with the 95 % confidence interval against the last key whose values are
all numbers (else the first key), a series per value of the other keys;
log-log when x spans a factor of 8 or more.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import NullFormatter  # noqa: E402


def colours(functions):
    cmap = plt.get_cmap("tab10" if len(functions) <= 10 else "tab20")
    return [cmap(i % cmap.N) for i in range(len(functions))]


def timeline(data, out):
    functions, workers, tasks = data["functions"], data["workers"], data["tasks"]
    palette = colours(functions)
    height = min(12.0, 1.5 + 0.3 * len(workers))
    fig, ax = plt.subplots(figsize=(10, height))
    # One line segment per task: a LineCollection draws 100k of them in
    # well under a second, where one rectangle artist each would not.
    segments = [((s, w), (e, w)) for w, s, e in zip(tasks["worker"], tasks["start"], tasks["end"])]
    width = max(1.0, min(12.0, 200.0 / max(1, len(workers))))
    lines = LineCollection(segments, colors=[palette[f] for f in tasks["function"]], linewidths=width)
    ax.add_collection(lines)
    end = max(tasks["end"], default=1.0)
    ax.set_xlim(0, end * 1.02 if end > 0 else 1.0)
    ax.set_ylim(-0.5, len(workers) - 0.5)
    if len(workers) <= 40:
        ax.set_yticks(range(len(workers)))
        ax.set_yticklabels(workers)
    ax.invert_yaxis()
    ax.set_xlabel("time since first submit (s)")
    ax.set_ylabel("worker")
    ax.set_title("Tasks per worker")
    ax.legend(handles=[Line2D([0], [0], color=palette[i], lw=6) for i in range(len(functions))],
              labels=functions, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    fig.tight_layout()
    fig.savefig(f"{out}/timeline.png", dpi=100)
    plt.close(fig)


def in_flight(data, out):
    series = data["in_flight"]
    fig, ax = plt.subplots(figsize=(10, 3.5))
    ax.step(series["time"], series["count"], where="post", lw=1)
    ax.set_xlabel("time since first submit (s)")
    ax.set_ylabel("tasks in flight")
    ax.set_title("Tasks submitted and not yet received")
    ax.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(f"{out}/in_flight.png", dpi=100)
    plt.close(fig)


def phases(data, out):
    names, median = data["phases"]["names"], data["phases"]["median"]
    functions = list(median)
    fig, ax = plt.subplots(figsize=(8, 1.5 + 0.5 * len(functions)))
    left = [0.0] * len(functions)
    cmap = plt.get_cmap("tab10")
    for p, phase in enumerate(names):
        widths = [max(0.0, median[f][p]) * 1e3 for f in functions]
        ax.barh(functions, widths, left=left, color=cmap(p), label=phase)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_xlabel("median time per task (ms)")
    ax.set_title("Where a task's time goes, per function")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    fig.savefig(f"{out}/phases.png", dpi=100)
    plt.close(fig)


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def groups(data, out):
    keys, metrics, rows = data["keys"], data["metrics"], data["groups"]
    numeric = [i for i in range(len(keys)) if all(number(g["values"][i]) is not None for g in rows)]
    x_key = numeric[-1] if numeric else 0
    series = {}
    for g in rows:
        label = ", ".join(f"{keys[i]}={g['values'][i]}" for i in range(len(keys)) if i != x_key)
        series.setdefault(label, []).append(g)
    for m, metric in enumerate(metrics):
        fig, ax = plt.subplots(figsize=(7, 4.5))
        if numeric:
            xs_all = [number(g["values"][x_key]) for g in rows]
            for label, members in series.items():
                members = sorted(members, key=lambda g: number(g["values"][x_key]))
                ax.errorbar([number(g["values"][x_key]) for g in members], [g["mean"][m] for g in members],
                            yerr=[g["ci95"][m] for g in members], marker="o", capsize=3, label=label or None)
            positive = min(xs_all) > 0 and all(g["mean"][m] > 0 for g in rows)
            if positive and max(xs_all) / min(xs_all) >= 8:
                ax.set_xscale("log")
                ax.set_yscale("log")
            # Ticks at the values swept, written as given (8, not 8×10⁰).
            ticks = sorted({number(g["values"][x_key]): g["values"][x_key] for g in rows}.items())
            ax.set_xticks([t for t, _ in ticks])
            ax.set_xticklabels([label for _, label in ticks])
            ax.xaxis.set_minor_formatter(NullFormatter())
        else:
            categories = list(dict.fromkeys(g["values"][x_key] for g in rows))
            width = 0.8 / max(1, len(series))
            for s, (label, members) in enumerate(series.items()):
                at = {g["values"][x_key]: g for g in members}
                xs = [c + s * width - 0.4 + width / 2 for c in range(len(categories)) if categories[c] in at]
                ys = [at[c]["mean"][m] for c in categories if c in at]
                errors = [at[c]["ci95"][m] for c in categories if c in at]
                ax.bar(xs, ys, width, yerr=errors, capsize=3, label=label or None)
            ax.set_xticks(range(len(categories)))
            ax.set_xticklabels(categories)
        ax.set_xlabel(keys[x_key])
        ax.set_ylabel(metric)
        ax.set_title(f"{metric}: mean and 95 % confidence interval")
        if any(series):
            ax.legend(fontsize="small")
        fig.tight_layout()
        name = metric.split(" (")[0].replace(" ", "_")
        fig.savefig(f"{out}/{name}.png", dpi=100)
        plt.close(fig)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("run", "groups"):
        sys.exit(__doc__)
    with open(sys.argv[2]) as f:
        data = json.load(f)
    if sys.argv[1] == "groups":
        groups(data, sys.argv[3])
        return
    timeline(data, sys.argv[3])
    in_flight(data, sys.argv[3])
    phases(data, sys.argv[3])


if __name__ == "__main__":
    main()

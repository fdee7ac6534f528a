#!/usr/bin/env python3
"""Expected values of series_fit_2lines.kqltest and series_fit_2lines_dynamic.kqltest.

A brute-force two-segment fit written apart from kqlake (plain Python floats, no kqlake code):
every split into a left part ys[:s] and a right part ys[s:] of at least two points each is
refitted from scratch by ordinary least squares, each part at x = 1, 2, ... of its own; the
split with the smallest residual sum of squares (the largest total r-square) wins, the first
of equal ones. Variances divide by n - 1, as series_fit_line's do.

    python3 series_fit_2lines.oracle.py '[1, 2.2, 2.5, 4.7, 5.0, 12, 10.3, 10.3, 9, 8.3, 6.2]'
"""
import json
import sys


def line(ys):
    n = len(ys)
    xs = range(1, n + 1)
    mx, my = sum(xs) / n, sum(ys) / n
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    interception = my - slope * mx
    fit = [interception + slope * x for x in xs]
    total = sum((y - my) ** 2 for y in ys)
    residual = sum((y - f) ** 2 for y, f in zip(ys, fit))
    return {
        "rsquare": 1.0 if total == 0 else 1 - residual / total,
        "slope": slope,
        "interception": interception,
        "variance": total / (n - 1),
        "rvariance": residual / (n - 1),
        "fit": fit,
        "residual": residual,
    }


def fit_2lines(ys):
    n = len(ys)
    best = None
    for s in range(2, n - 1):
        left, right = line(ys[:s]), line(ys[s:])
        residual = left["residual"] + right["residual"]
        if best is None or residual < best[0]:
            best = (residual, s, left, right)
    residual, s, left, right = best
    my = sum(ys) / n
    total = sum((y - my) ** 2 for y in ys)
    return {
        "rsquare": 1.0 if total == 0 else 1 - residual / total,
        "split_idx": s,
        "variance": total / (n - 1),
        "rvariance": residual / (n - 1),
        "line_fit": left["fit"] + right["fit"],
        "right": right,
        "left": left,
    }


for arg in sys.argv[1:]:
    f = fit_2lines(json.loads(arg))
    print(arg)
    for key in ("rsquare", "split_idx", "variance", "rvariance", "line_fit"):
        print(f"  {key} {f[key]}")
    for side in ("right", "left"):
        for key in ("rsquare", "slope", "interception", "variance", "rvariance"):
            print(f"  {side}.{key} {f[side][key]}")

#!/usr/bin/env python3
# Copied unchanged (apart from this note) from the team's shared benchmark kit,
# ../shared/bench/gen_instance.py, so that `make bench` works from the repository alone.
"""Deterministic instance generator for the student-to-paper assignment benchmark.

Writes three CSV files (UTF-8, header row, comma separated) into --out DIR:

  students.csv  id,name,email        s00001,Student 00001,s00001@uni.example
  papers.csv    id,title,capacity    p00001,Paper 00001,1
  prefs.csv     student,paper,rank   s00001,p00042,1   (long format, rank 1 = best)

Model (all randomness comes from numpy.random.default_rng(seed), consumed in
this order, so the same arguments + numpy version give byte-identical files):

  1. Popularity: paper i gets weight 1 / pos_i ** zipf, where pos is a random
     permutation of 1..P (so popularity is not correlated with the id).
  2. No-form students: exactly round(no_form_share * S) students, chosen
     uniformly at random, submit nothing (no rows in prefs.csv).
  3. Every other student draws k DISTINCT papers by sequential weighted
     sampling without replacement (draw from the popularity distribution,
     redraw duplicates); draw order = rank order (Plackett-Luce model).

Every paper has the same capacity (--capacity, default 1); P * capacity >= S
is required so that a complete assignment exists.  Default P = ceil(1.2 * S).
"""
import argparse
import csv
import math
import os
import sys

import numpy as np


def generate(students, papers, k, seed, no_form_share, zipf, capacity):
    if papers * capacity < students:
        raise SystemExit(f"infeasible: papers*capacity = {papers * capacity} < students = {students}")
    if not 1 <= k <= papers:
        raise SystemExit(f"need 1 <= k <= papers (k={k}, papers={papers})")
    rng = np.random.default_rng(seed)
    pos = rng.permutation(papers) + 1                       # 1..P, random order
    weights = 1.0 / pos.astype(np.float64) ** zipf
    cdf = np.cumsum(weights)
    total = cdf[-1]

    n_noform = int(round(no_form_share * students))
    noform = set(rng.choice(students, size=n_noform, replace=False).tolist()) if n_noform else set()

    prefs = []                                               # (student_idx, paper_idx, rank)
    for s in range(students):
        if s in noform:
            continue
        chosen = []
        seen = set()
        while len(chosen) < k:
            u = rng.random(8) * total                        # batch of draws, used in order
            for j in np.searchsorted(cdf, u, side="right").tolist():
                j = min(j, papers - 1)
                if j not in seen:
                    seen.add(j)
                    chosen.append(j)
                    if len(chosen) == k:
                        break
        for r, p in enumerate(chosen, start=1):
            prefs.append((s, p, r))
    return prefs, n_noform


def sid(i):
    return f"s{i + 1:05d}"


def pid(i):
    return f"p{i + 1:05d}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, required=True)
    ap.add_argument("--papers", type=int, default=None, help="default: ceil(1.2 * students)")
    ap.add_argument("--k", type=int, default=5, help="ranked choices per student (default 5)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-form-share", type=float, default=0.05)
    ap.add_argument("--zipf", type=float, default=1.0, help="popularity exponent (default 1.0)")
    ap.add_argument("--capacity", type=int, default=1, help="seats per paper (default 1)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    papers = a.papers if a.papers is not None else math.ceil(1.2 * a.students)

    prefs, n_noform = generate(a.students, papers, a.k, a.seed, a.no_form_share, a.zipf, a.capacity)

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "students.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "email"])
        for i in range(a.students):
            w.writerow([sid(i), f"Student {i + 1:05d}", f"{sid(i)}@uni.example"])
    with open(os.path.join(a.out, "papers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "title", "capacity"])
        for i in range(papers):
            w.writerow([pid(i), f"Paper {i + 1:05d}", a.capacity])
    with open(os.path.join(a.out, "prefs.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["student", "paper", "rank"])
        for s, p, r in prefs:
            w.writerow([sid(s), pid(p), r])
    print(f"{a.out}: students={a.students} papers={papers} capacity={a.capacity} k={a.k} "
          f"no_form={n_noform} pref_rows={len(prefs)} seed={a.seed} zipf={a.zipf}", file=sys.stderr)


if __name__ == "__main__":
    main()

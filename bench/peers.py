#!/usr/bin/env python3
# Copied unchanged (apart from this note) from the team's shared benchmark kit,
# ../shared/bench/peers.py, so that `make bench` works from the repository alone.
"""Run reference solvers ("performance anchors") on one instance directory.

    python3 peers.py INSTANCE_DIR [--solvers scipy_lsa,lap_lapjv,ortools_mcf,matching_sa,matching_sa_nocheck]
                     [--repeat 3] [--time-limit 300] [--repeat-budget 120] [--mem-limit-gb 12]
                     [--external NAME=COMMAND ...] [--json-out results.jsonl]

Cost model: rank r (1-based) costs r*r; any unranked paper (and every paper for
a student without a form) costs PENALTY = (k+1)^2 * 4 (k = max rank in
prefs.csv unless --k is given; 144 for k=5).  Every student gets exactly one
paper.  Objective: minimise the total cost.

Every run of every solver is a separate process, started as
    /usr/bin/time -v <worker> INSTANCE_DIR OUT_ASSIGNMENT_CSV
so peak RSS can be read and a per-run time limit enforced.  The worker
protocol is the same for built-in Python peers and for EXTERNAL peers (the PHP
driver, or a future Swift binary):
  * argv: ... INSTANCE_DIR OUT_ASSIGNMENT_CSV (appended to COMMAND)
  * write OUT_ASSIGNMENT_CSV with header "student,paper" (one row per
    assigned student; students left out = unassigned)
  * print, as the LAST line of stdout, a JSON object with at least
      {"build_s": <graph/matrix build seconds>, "solve_s": <solve seconds>,
       "optimal": <true if it claims the optimum of THIS cost model>}
    optional: "objective" (solver's own value, cross-checked if "optimal"),
    "note".
peers.py validates the assignment (capacities, one paper per student),
fills students a non-optimal peer left unassigned into free seats (at the
unranked cost; such a seat is never one the student ranked, otherwise the
peer was not even maximal) and recomputes cost + rank histogram itself.
All peers with "optimal": true must agree on the total cost (asserted).
"""
import argparse
import csv
import json
import math
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BUILTIN = ["scipy_lsa", "lap_lapjv", "ortools_mcf", "matching_sa", "matching_sa_nocheck"]
DENSE = {"scipy_lsa", "lap_lapjv"}


# ----------------------------------------------------------------------------- instance
class Instance:
    pass


def load_instance(d, k=None):
    inst = Instance()
    with open(os.path.join(d, "students.csv"), newline="") as f:
        inst.students = [row["id"] for row in csv.DictReader(f)]
    with open(os.path.join(d, "papers.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    inst.papers = [r["id"] for r in rows]
    inst.caps = np.array([int(r["capacity"]) for r in rows], dtype=np.int64)
    sidx = {s: i for i, s in enumerate(inst.students)}
    pidx = {p: i for i, p in enumerate(inst.papers)}
    S, P, R = [], [], []
    with open(os.path.join(d, "prefs.csv"), newline="") as f:
        for row in csv.DictReader(f):
            S.append(sidx[row["student"]])
            P.append(pidx[row["paper"]])
            R.append(int(row["rank"]))
    inst.ps = np.array(S, dtype=np.int64)
    inst.pp = np.array(P, dtype=np.int64)
    inst.pr = np.array(R, dtype=np.int64)
    inst.sidx, inst.pidx = sidx, pidx
    inst.S, inst.P = len(inst.students), len(inst.papers)
    inst.k = k if k else (int(inst.pr.max()) if len(inst.pr) else 1)
    inst.penalty = (inst.k + 1) ** 2 * 4
    inst.uniform_cap = int(inst.caps[0]) if len(set(inst.caps.tolist())) == 1 else None
    return inst


def slot_columns(inst):
    """Dense formulation: paper p owns columns start[p] .. start[p]+cap[p]-1."""
    start = np.concatenate([[0], np.cumsum(inst.caps)[:-1]])
    col2paper = np.repeat(np.arange(inst.P), inst.caps)
    return start, col2paper


def dense_matrix(inst):
    start, col2paper = slot_columns(inst)
    C = np.full((inst.S, len(col2paper)), float(inst.penalty), dtype=np.float64)
    cost = (inst.pr ** 2).astype(np.float64)
    for j in range(int(inst.caps.max())):  # seat j of every paper that has one
        ok = inst.caps[inst.pp] > j
        C[inst.ps[ok], start[inst.pp[ok]] + j] = cost[ok]
    return C, col2paper


def dense_bytes(inst, solver):
    n_rows, n_cols = inst.S, int(inst.caps.sum())
    b = n_rows * n_cols * 8
    if solver == "lap_lapjv" and n_rows != n_cols:
        n = max(n_rows, n_cols)
        b += n * n * 8  # extend_cost pads to a square copy
    return b


# ----------------------------------------------------------------------------- workers
def solve_scipy(inst):
    from scipy.optimize import linear_sum_assignment
    t0 = time.perf_counter()
    C, col2paper = dense_matrix(inst)
    t1 = time.perf_counter()
    rows, cols = linear_sum_assignment(C)
    t2 = time.perf_counter()
    assign = np.full(inst.S, -1, dtype=np.int64)
    assign[rows] = col2paper[cols]
    return dict(build_s=t1 - t0, solve_s=t2 - t1, optimal=True,
                objective=int(C[rows, cols].sum())), assign


def solve_lap(inst):
    import lap
    t0 = time.perf_counter()
    C, col2paper = dense_matrix(inst)
    t1 = time.perf_counter()
    opt, x, _y = lap.lapjv(C, extend_cost=C.shape[0] != C.shape[1])
    t2 = time.perf_counter()
    assign = np.where(x >= 0, col2paper[np.maximum(x, 0)], -1)
    return dict(build_s=t1 - t0, solve_s=t2 - t1, optimal=True, objective=int(round(opt)),
                note="extend_cost pads to square" if C.shape[0] != C.shape[1] else ""), assign


def solve_ortools(inst):
    """Sparse min-cost flow: student->ranked paper (r^2), student->hub (penalty),
    hub->every paper (0), paper->sink (capacity).  Students have supply 1."""
    from ortools.graph.python import min_cost_flow
    t0 = time.perf_counter()
    S, P, E = inst.S, inst.P, len(inst.ps)
    hub, paper0, sink = S, S + 1, S + 1 + P
    tails = np.concatenate([inst.ps, np.arange(S), np.full(P, hub), paper0 + np.arange(P)])
    heads = np.concatenate([paper0 + inst.pp, np.full(S, hub), paper0 + np.arange(P), np.full(P, sink)])
    caps = np.concatenate([np.ones(E + S, dtype=np.int64), inst.caps, inst.caps])
    costs = np.concatenate([inst.pr ** 2, np.full(S, inst.penalty), np.zeros(2 * P, dtype=np.int64)])
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_nodes_supplies(np.arange(S + 2 + P), np.concatenate(
        [np.ones(S, dtype=np.int64), np.zeros(1 + P, dtype=np.int64), [-S]]))
    t1 = time.perf_counter()
    status = smcf.solve()
    t2 = time.perf_counter()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"OR-Tools status {status}")
    flows = smcf.flows(arcs)
    assign = np.full(S, -1, dtype=np.int64)
    used = flows[:E] > 0
    assign[inst.ps[used]] = inst.pp[used]
    via_hub = np.nonzero(flows[E:E + S] > 0)[0]
    hub_seats = np.repeat(np.arange(P), flows[E + S:E + S + P])  # which papers the hub fed
    assign[via_hub] = hub_seats
    return dict(build_s=t1 - t0, solve_s=t2 - t1, optimal=True,
                objective=int(smcf.optimal_cost())), assign


def solve_matching(inst, check=True):
    """matching.StudentAllocation, student-optimal stable matching.  Papers have no
    preferences of their own, so every paper ranks students by ONE seeded lottery
    -> this is random serial dictatorship (first-come-first-served style).
    check=False disables the library's input validation, which is O(S*P) and
    dominates construction (our inputs are valid by construction)."""
    from matching.games import StudentAllocation
    if not check:
        StudentAllocation.check_inputs = lambda self: None
    t0 = time.perf_counter()
    lottery = np.random.default_rng(12345).permutation(inst.S)
    order = np.argsort(inst.ps * 64 + inst.pr, kind="stable")  # by student, then rank
    student_prefs = {}
    for i in order.tolist():
        student_prefs.setdefault(inst.students[inst.ps[i]], []).append(inst.papers[inst.pp[i]])
    rankers = {}
    for i in np.argsort(lottery[inst.ps], kind="stable").tolist():
        rankers.setdefault(inst.pp[i], []).append(inst.students[inst.ps[i]])
    sup_prefs = {"sup_" + inst.papers[p]: lst for p, lst in rankers.items()}
    proj_sup = {inst.papers[p]: "sup_" + inst.papers[p] for p in rankers}
    proj_cap = {inst.papers[p]: int(inst.caps[p]) for p in rankers}
    sup_cap = {"sup_" + inst.papers[p]: int(inst.caps[p]) for p in rankers}
    game = StudentAllocation.create_from_dictionaries(student_prefs, sup_prefs, proj_sup, proj_cap, sup_cap)
    t1 = time.perf_counter()
    game.solve(optimal="student")
    t2 = time.perf_counter()
    assign = np.full(inst.S, -1, dtype=np.int64)
    for st in game.students:
        if st.matching is not None:
            assign[inst.sidx[st.name]] = inst.pidx[st.matching.name]
    return dict(build_s=t1 - t0, solve_s=t2 - t1, optimal=False,
                note="stable (RSD lottery), unranked students filled afterwards"
                     + ("" if check else "; input validation disabled")), assign


WORKERS = {"scipy_lsa": solve_scipy, "lap_lapjv": solve_lap,
           "ortools_mcf": solve_ortools, "matching_sa": solve_matching,
           "matching_sa_nocheck": lambda inst: solve_matching(inst, check=False)}


def worker_main(name, d, out_csv, k):
    inst = load_instance(d, k)
    if name.startswith("matching_sa"):
        # matching deep-copies its linked player graph recursively: give it a
        # big recursion limit and run it on a thread with a 1 GiB stack.
        import threading
        sys.setrecursionlimit(10 ** 7)
        threading.stack_size(1 << 30)
        box = {}
        t = threading.Thread(target=lambda: box.update(r=WORKERS[name](inst)))
        t.start()
        t.join()
        if "r" not in box:
            raise SystemExit("matching_sa worker failed")
        info, assign = box["r"]
    else:
        info, assign = WORKERS[name](inst)
    with open(out_csv, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["student", "paper"])
        for s, p in enumerate(assign.tolist()):
            if p >= 0:
                w.writerow([inst.students[s], inst.papers[p]])
    print(json.dumps(info))


# ----------------------------------------------------------------------------- evaluation
def evaluate(inst, out_csv):
    assign = np.full(inst.S, -1, dtype=np.int64)
    with open(out_csv, newline="") as f:
        for row in csv.DictReader(f):
            s = inst.sidx[row["student"]]
            if not row.get("paper"):
                continue
            assert assign[s] < 0, f"student {row['student']} assigned twice"
            assign[s] = inst.pidx[row["paper"]]
    load = np.bincount(assign[assign >= 0], minlength=inst.P)
    assert (load <= inst.caps).all(), "capacity violated"
    unassigned = np.nonzero(assign < 0)[0]
    if len(unassigned):
        free = np.repeat(np.arange(inst.P), inst.caps - load)
        assert len(free) >= len(unassigned)
        assign[unassigned] = free[:len(unassigned)]
    rank = np.zeros(inst.S, dtype=np.int64)        # 0 = unranked
    hit = assign[inst.ps] == inst.pp
    rank[inst.ps[hit]] = inst.pr[hit]
    cost = int(np.where(rank > 0, rank * rank, inst.penalty).sum())
    hist = [int((rank == r).sum()) for r in range(1, inst.k + 1)] + [int((rank == 0).sum())]
    return cost, hist, len(unassigned)


# ----------------------------------------------------------------------------- orchestration
def run_once(cmd, d, time_limit):
    fd, out_csv = tempfile.mkstemp(suffix=".csv", prefix="assign_")
    os.close(fd)
    full = ["/usr/bin/time", "-v"] + cmd + [d, out_csv]
    t0 = time.perf_counter()
    p = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)   # our own process group only
        p.communicate()
        os.unlink(out_csv)
        return {"status": "timeout", "wall_s": time.perf_counter() - t0}
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    rss_mb = int(m.group(1)) / 1024 if m else None
    if p.returncode != 0:
        os.unlink(out_csv)
        lines = [l.strip() for l in err.splitlines()
                 if l.strip() and not l.startswith("\t") and not l.startswith("Command exited")]
        return {"status": "error", "wall_s": wall, "error": " | ".join(lines[-2:])[-300:], "rss_mb": rss_mb}
    lines = [l for l in out.strip().splitlines() if l.strip()]
    info = json.loads(lines[-1])
    info.update(status="ok", wall_s=wall, rss_mb=rss_mb, out_csv=out_csv)
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instance", nargs="?")
    ap.add_argument("--solvers", default=",".join(BUILTIN),
                    help="comma list of built-in peers (%s); '' for none" % ",".join(BUILTIN))
    ap.add_argument("--external", action="append", default=[], metavar="NAME=COMMAND",
                    help="extra peer speaking the worker protocol (repeatable)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=300.0, help="seconds per run (default 300)")
    ap.add_argument("--repeat-budget", type=float, default=120.0,
                    help="no further repeats once a solver's runs would exceed this many seconds "
                         "in total (default 120); slow peers are then reported from fewer runs")
    ap.add_argument("--mem-limit-gb", type=float, default=12.0,
                    help="skip dense peers whose matrices would exceed this (default 12)")
    ap.add_argument("--k", type=int, default=None)
    ap.add_argument("--json-out", default=None, help="append one JSON line per peer")
    ap.add_argument("--worker", nargs=3, metavar=("SOLVER", "DIR", "OUT_CSV"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        return worker_main(*a.worker, a.k)
    if not a.instance:
        ap.error("instance directory required")

    t0 = time.perf_counter()
    inst = load_instance(a.instance, a.k)
    parse_s = time.perf_counter() - t0
    cap = inst.uniform_cap if inst.uniform_cap is not None else "mixed"
    label = f"S={inst.S} P={inst.P} cap={cap}"
    print(f"# {a.instance}: {label} k={inst.k} pref_rows={len(inst.ps)} penalty={inst.penalty} "
          f"(python CSV parse {parse_s:.3f}s, not counted)")

    peers = []
    for name in [s for s in a.solvers.split(",") if s]:
        kflag = ["--k", str(a.k)] if a.k else []
        peers.append((name, [sys.executable, os.path.abspath(__file__)] + kflag + ["--worker", name]))
    for spec in a.external:
        name, _, cmd = spec.partition("=")
        peers.append((name, shlex.split(cmd)))

    hdr = f"{'solver':<20}{'runs':>5}{'build_s':>10}{'solve_s':>10}{'cost':>10}{'rss_MB':>8}  hist r1..r{inst.k},unranked"
    print(hdr)
    results = []
    for name, cmd in peers:
        rec = {"instance": a.instance, "S": inst.S, "P": inst.P, "cap": cap, "k": inst.k, "solver": name}
        if name in DENSE:
            need = dense_bytes(inst, name)
            if need > a.mem_limit_gb * 2 ** 30:
                rec.update(status=f"skipped (dense needs ~{need / 2**30:.1f} GiB > {a.mem_limit_gb} GiB)")
                print(f"{name:<20} {rec['status']}")
                results.append(rec)
                continue
        runs, status = [], "ok"
        for i in range(a.repeat):
            r = run_once(cmd, a.instance, a.time_limit)
            if r["status"] != "ok":
                status = r["status"] + (f": {r.get('error', '')}" if r["status"] == "error" else
                                        f" (>{a.time_limit:.0f}s)")
                break
            out_csv = r.pop("out_csv")
            cost, hist, filled = evaluate(inst, out_csv)
            os.unlink(out_csv)
            r.update(cost=cost, hist=hist, filled=filled)
            if r.get("optimal") and "objective" in r:
                assert r["objective"] == cost, f"{name}: claimed objective {r['objective']} != recomputed {cost}"
            if r.get("optimal"):
                assert filled == 0, f"{name} claims optimal but left {filled} students unassigned"
            runs.append(r)
            spent = sum(x["wall_s"] for x in runs)
            if spent + r["wall_s"] > a.repeat_budget:   # another run would blow the budget
                break
        if not runs:
            rec.update(status=status)
            print(f"{name:<20} {status}")
            results.append(rec)
            continue
        costs = {r["cost"] for r in runs}
        if len(costs) > 1:
            assert not runs[0].get("optimal"), f"{name}: optimal cost differs between runs {costs}"
            status = f"cost varies between runs {sorted(costs)}"
        last = runs[-1]
        rec.update(status=status, runs=len(runs),
                   build_s=statistics.median(r["build_s"] for r in runs),
                   solve_s=statistics.median(r["solve_s"] for r in runs),
                   solve_all=[round(r["solve_s"], 4) for r in runs],
                   rss_mb=max((r["rss_mb"] or 0) for r in runs),
                   cost=last["cost"], hist=last["hist"], filled=last["filled"],
                   optimal=bool(last.get("optimal")), note=last.get("note", ""))
        extra = f"  filled={last['filled']}" if last["filled"] else ""
        extra += "" if status == "ok" else f"  [{status}]"
        extra += "" if rec["optimal"] else "  (not cost-optimal)"
        print(f"{name:<20}{len(runs):>5}{rec['build_s']:>10.4f}{rec['solve_s']:>10.4f}{rec['cost']:>10}"
              f"{rec['rss_mb']:>8.0f}  {','.join(map(str, rec['hist']))}{extra}")
        results.append(rec)

    opt = {r["solver"]: r["cost"] for r in results if r.get("optimal") and "cost" in r}
    if opt:
        assert len(set(opt.values())) == 1, f"optimal solvers disagree: {opt}"
        best = min(opt.values())
        print(f"# optimal solvers agree: cost {best} ({', '.join(opt)})")
        for r in results:
            if "cost" in r and not r.get("optimal"):
                r["gap_pct"] = round(100.0 * (r["cost"] - best) / best, 2) if best else None
    if a.json_out:
        with open(a.json_out, "a") as f:
            for r in results:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()

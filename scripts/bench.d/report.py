#!/usr/bin/env python3
"""Prints scripts/bench's tables and summary from its results file.

    report.py RESULTS_TSV

Each line of RESULTS_TSV is tab-separated, one of:
    targets  NAME…                                   the targets in table order (direct first)
    settings KEY VALUE                               mode (tcp or http), rounds, duration, conns, bulk_mib, idle_conns
    req      TARGET ROUND REQ_PER_S P99_MS CPU_US_PER_REQ ERRORS [BACKEND_CONNS_PER_1K]   (keep-alive requests)
    conn     TARGET ROUND REQ_PER_S P99_MS CPU_US_PER_REQ ERRORS [BACKEND_CONNS_PER_1K]   (Connection: close: one
                                                                                          client connection per request)
BACKEND_CONNS_PER_1K (mode http): connections the backend accepted during the run per 1,000 requests, or "-".
    bulk     TARGET ROUND GBIT_PER_S SECONDS
    mem      TARGET RSS_BEFORE_KIB RSS_AFTER_KIB CONNECTIONS THREADS
"""
import statistics
import sys
from collections import defaultdict


def read(path):
    targets, settings = [], {}
    req, conn, bulk, mem = defaultdict(dict), defaultdict(dict), defaultdict(dict), {}
    with open(path) as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            kind, rest = fields[0], fields[1:]
            if kind == "targets":
                targets = rest
            elif kind == "settings":
                settings[rest[0]] = rest[1]
            elif kind in ("req", "conn"):
                target, round_, rps, p99, cpu, errors = rest[:6]
                backend = rest[6] if len(rest) > 6 and rest[6] != "-" else None
                series = req if kind == "req" else conn
                series[target][int(round_)] = (float(rps), float(p99), float(cpu) if cpu != "-" else None, int(errors),
                                               float(backend) if backend is not None else None)
            elif kind == "bulk":
                target, round_, gbps, seconds = rest
                bulk[target][int(round_)] = float(gbps)
            elif kind == "mem":
                target, before, after, count, threads = rest
                mem[target] = (int(before), int(after), int(count), threads)
    return targets, settings, req, conn, bulk, mem


def median(values):
    return statistics.median(values) if values else None


def fmt(value, digits=0, width=0):
    text = "-" if value is None else f"{value:,.{digits}f}"
    return text.rjust(width)


def span(values, digits=0):
    return f"{min(values):,.{digits}f}–{max(values):,.{digits}f}" if values else "-"


def table(header, rows):
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i])
                       for i, cell in enumerate(row)) for row in [header] + rows]
    print("\n".join(line.rstrip() for line in lines))


def per_round_ratio(series, a, b, index=None):
    """Ratio a/b within each round in which both ran (pairs runs taken close in time), as (min, max)."""
    ratios = []
    for round_, value in series.get(a, {}).items():
        other = series.get(b, {}).get(round_)
        if other is None:
            continue
        x = value if index is None else value[index]
        y = other if index is None else other[index]
        if x is not None and y:
            ratios.append(x / y)
    return (min(ratios), max(ratios)) if ratios else None


def main():
    targets, settings, req, conn, bulk, mem = read(sys.argv[1])
    proxies = [t for t in targets if t != "direct"]
    rounds = int(settings.get("rounds", "0"))
    http = settings.get("mode") == "http"
    medians = {}

    def wrk_tables(series, prefix, title, unit, cpu_unit):
        print()
        print(title)
        direct = median([v[0] for v in series.get("direct", {}).values()])
        rows = []
        with_backend = any(v[4] is not None for runs in series.values() for v in runs.values())
        for target in targets:
            runs = series.get(target, {})
            if not runs:
                continue
            rps = [v[0] for v in runs.values()]
            p99 = [v[1] for v in runs.values()]
            cpu = [v[2] for v in runs.values() if v[2] is not None]
            backend = [v[4] for v in runs.values() if v[4] is not None]
            medians[(prefix + "rps", target)] = median(rps)
            medians[(prefix + "p99", target)] = median(p99)
            medians[(prefix + "cpu", target)] = median(cpu)
            rows.append([target, fmt(median(rps)), span(rps), fmt(100 * median(rps) / direct, 0) + "%" if direct else "-",
                         fmt(median(p99), 2), span(p99, 2), fmt(median(cpu), 1)]
                        + ([fmt(median(backend), 1), span(backend, 1)] if with_backend else [])
                        + [sum(v[3] for v in runs.values())])
        table(["target", unit, "min–max", "of direct", "p99 ms", "min–max", cpu_unit]
              + (["backend conns/1k req", "min–max"] if with_backend else []) + ["errors"], rows)
        print()
        print(f"Per round, {unit} (p99 ms):")
        rows = []
        for target in targets:
            runs = series.get(target, {})
            if runs:
                rows.append([target] + [f"{runs[r][0]:,.0f} ({runs[r][1]:.2f})" if r in runs else "-"
                                        for r in range(1, rounds + 1)])
        table(["target"] + [f"round {r}" for r in range(1, rounds + 1)], rows)

    wrk = f"wrk -t1 -c{settings.get('conns')} -d{settings.get('duration')} --latency"
    if http:
        print()
        print("== mode http: Ferry and HAProxy in mode http (keep-alive to clients and servers), nginx as an HTTP "
              "reverse proxy (upstream keepalive 32)")
    if req and http:
        wrk_tables(req, "", f"HTTP requests: {wrk}, GET / (200, 3-byte body), keep-alive; medians of {rounds} rounds",
                   "req/s", "CPU µs/req")
    elif req:
        wrk_tables(req, "", f"Requests: {wrk}, GET / (200, 3-byte body), keep-alive; medians of {rounds} rounds",
                   "req/s", "CPU µs/req")
    if conn and http:
        wrk_tables(conn, "conn-", f"HTTP new connections: {wrk} -H 'Connection: close', GET /: one client connection "
                   f"per request (backend connections as the proxy reuses them); medians of {rounds} rounds",
                   "conn/s", "CPU µs/conn")
    elif conn:
        wrk_tables(conn, "conn-", f"New connections: {wrk} -H 'Connection: close', GET /: one client and one backend "
                   f"connection per request; medians of {rounds} rounds", "conn/s", "CPU µs/conn")

    if bulk:
        print()
        print(f"{'HTTP bulk' if http else 'Bulk'}: one {settings['bulk_mib']} MiB download with curl per target and round; medians of {rounds} rounds")
        direct = median(list(bulk.get("direct", {}).values()))
        rows = []
        for target in targets:
            runs = bulk.get(target, {})
            if not runs:
                continue
            values = list(runs.values())
            medians[("bulk", target)] = median(values)
            rows.append([target, fmt(median(values), 2), span(values, 2),
                         fmt(100 * median(values) / direct, 0) + "%" if direct else "-"]
                        + [fmt(runs.get(r), 2) for r in range(1, rounds + 1)])
        table(["target", "Gbit/s", "min–max", "of direct"] + [f"round {r}" for r in range(1, rounds + 1)], rows)

    if mem:
        print()
        count = next(iter(mem.values()))[2]
        print(f"Idle connections: {count:,} idle client connections held open through each proxy, which holds as many "
              "to the backend; RSS of the proxy's processes before and after")
        rows = []
        for target in proxies:
            if target not in mem:
                continue
            before, after, count, threads = mem[target]
            per = (after - before) / count
            medians[("mem", target)] = per
            rows.append([target, fmt(before), fmt(after), fmt(per, 2), threads])
        table(["target", "RSS before KiB", "RSS after KiB", "KiB per connection", "threads"], rows)

    print()
    print(f"Summary{', mode http' if http else ''} (ratio of medians; in brackets the range of the same ratio taken "
          "round by round)")
    if "ferry" not in proxies:
        print("  ferry was not run (PROXIES did not include it): no ratios")
        return
    others = [p for p in proxies if p != "ferry"]
    if not others:
        print("  only ferry was run (PROXIES): nothing to compare with")
        return
    lines = []
    for key, label, series, index in [("rps", "req/s", req, 0), ("p99", "p99 latency", req, 1),
                                      ("cpu", "proxy CPU per request", req, 2),
                                      ("conn-rps", "new connections/s", conn, 0),
                                      ("conn-cpu", "proxy CPU per connection", conn, 2),
                                      ("bulk", "bulk Gbit/s", bulk, None),
                                      ("mem", "KiB per idle connection", None, None)]:
        if series is not None and not series or key == "mem" and not mem:
            continue
        parts = []
        for other in others:
            a, b = medians.get((key, "ferry")), medians.get((key, other))
            if a is None or not b:
                parts.append("-")
                continue
            text = f"{a / b:.2f}"
            if series is not None:
                bounds = per_round_ratio(series, "ferry", other, index)
                if bounds:
                    text += f" [{bounds[0]:.2f}–{bounds[1]:.2f}]"
            parts.append(text)
        lines.append([f"  {label}"] + parts)
    table(["  measure"] + [f"ferry/{o}" for o in others], lines)
    print("  (ferry is better above 1 for req/s, connections/s and bulk; below 1 for p99, CPU and memory)")


if __name__ == "__main__":
    main()

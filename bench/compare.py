#!/usr/bin/env python3
"""Report tool of bench/compare.sh (standard library only).

  compare.py wrk WRK_OUTPUT WORKLOAD      one RESULT line from wrk --latency output followed by
                                          /usr/bin/time's "TIME user sys maxrss_kb" line
  compare.py report RAW [--commit ...]    the markdown report from the RESULT lines of RAW:
                                          per workload and contender, median (min-max) over rounds,
                                          and each contender's ratio to fetchd-lib's median
"""
import argparse
import re
import statistics
import sys

CONTENDER_ORDER = ["fetchd-lib", "fetchd-lib@base", "fetchd-service", "fetchd-service@base", "fetchd-service-ndjson",
                   "ahc", "jdk-httpclient", "wrk"]
WORKLOAD_TITLES = {
    "small": "{count} x /small (100 B), {conc} outstanding, per-host limit {per} (short: JIT still compiling)",
    "100k": "{count} x /100k, {conc} outstanding, per-host limit {per} (short: JIT still compiling)",
    "delay": "{count} x /delay (1 s), all at once over 64 hosts, per-host limit {per}, cold connections",
    "small-steady": "{count} x /small (100 B), {conc} outstanding, per-host limit {per}, after a long warm-up",
    "100k-steady": "{count} x /100k, {conc} outstanding, per-host limit {per}, after a long warm-up",
}
MEMORY_TITLE = "one batch of {count} x /small through the service, body none (memory)"


def title(workload, rows):
    row = next((r for r in rows if r.get("contender") != "wrk" and "count" in r), {})
    fields = {k: "{:,}".format(int(row.get(k, 0))) if row.get(k, "").isdigit() else "?"
              for k in ("count", "concurrency", "per_host")}
    template = WORKLOAD_TITLES.get(workload, MEMORY_TITLE)
    text = template.format(count=fields["count"], conc=fields["concurrency"], per=fields["per_host"])
    if workload.startswith("batch-"):
        text += ", NDJSON response" if workload.endswith("-ndjson") else ", JSON response (one document)"
    return text


def parse_duration_ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError("unreadable wrk duration " + text)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[m.group(2)]
    return float(m.group(1)) * scale


def wrk_line(path, workload):
    text = open(path, encoding="utf-8", errors="replace").read()
    req = re.search(r"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m)", text, re.M)
    rps = re.search(r"^Requests/sec:\s*([0-9.]+)", text, re.M)
    p50 = re.search(r"^\s*50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s*99%\s+(\S+)", text, re.M)
    tm = re.search(r"^TIME ([0-9.]+) ([0-9.]+) (\d+)", text, re.M)
    if not (req and rps and p50 and p99 and tm):
        sys.exit("compare.py: could not read wrk output in " + path)
    errors = 0
    for m in re.finditer(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        errors += sum(int(g) for g in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    count = int(req.group(1))
    elapsed = parse_duration_ms(req.group(2) + req.group(3)) / 1e3
    cpu_us = (float(tm.group(1)) + float(tm.group(2))) * 1e6
    fields = [
        ("contender", "wrk"), ("workload", workload), ("count", count), ("concurrency", 64),
        ("ok", count - errors), ("errors", errors), ("elapsed_s", "%.3f" % elapsed),
        ("urls_per_s", "%.0f" % float(rps.group(1))), ("p50_ms", "%.2f" % parse_duration_ms(p50.group(1))),
        ("p99_ms", "%.2f" % parse_duration_ms(p99.group(1))),
        ("cpu_us_per_url", "%.1f" % (cpu_us / max(count, 1))),
        ("peak_rss_mb", "%.1f" % (int(tm.group(3)) / 1024.0)),
        ("first_error", "socket_or_non2xx" if errors else "none"),
    ]
    print("RESULT " + " ".join("%s=%s" % kv for kv in fields))


def read_raw(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if not line.startswith("RESULT "):
            continue
        row = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
        rows.append(row)
    return rows


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def summary(values, decimals):
    """'median (min-max)' of the numeric values; one value alone is printed as is."""
    vals = [v for v in (num(x) for x in values) if v is not None]
    if not vals:
        return "n/a", None
    fmt = "{:,.%df}" % decimals
    med = statistics.median(vals)
    if len(vals) == 1:
        return fmt.format(med), med
    return "%s (%s-%s)" % (fmt.format(med), fmt.format(min(vals)), fmt.format(max(vals))), med


def ratio(value, base):
    if value is None or base is None or base == 0:
        return "n/a"
    return "%.2fx" % (value / base)


def paired_ratios(by, names):
    """Each contender's URLs/s over fetchd-lib's in the same round, as 'median (min-max)' over the
    rounds. Contenders alternate within a round, so this ratio sees the same machine state on both
    sides; the ratio of medians does not."""
    lib = {r.get("round"): num(r.get("urls_per_s")) for r in by.get("fetchd-lib", []) if r.get("failed") != "1"}
    cells = []
    for c in names:
        if c == "fetchd-lib":
            continue
        ratios = []
        for r in by[c]:
            base = lib.get(r.get("round"))
            rate = num(r.get("urls_per_s"))
            if r.get("failed") != "1" and base and rate is not None:
                ratios.append(rate / base)
        if len(ratios) > 1:
            cells.append("%s %.2fx (%.2f-%.2f, %d rounds)" % (
                c, statistics.median(ratios), min(ratios), max(ratios), len(ratios)))
    return cells


def lag_summary(values):
    """Loop-lag p99 values are bucket bounds like 'le2.5' (ms); median of the bounds, and the range."""
    bounds = []
    for v in values:
        if v and v.startswith("le"):
            bounds.append(float(v[2:]))
        elif v == "inf":
            bounds.append(float("inf"))
    if not bounds:
        return "n/a"
    bounds.sort()
    med = bounds[(len(bounds) - 1) // 2]
    if len(set(bounds)) == 1:
        return "<= %g ms" % med
    return "<= %g ms (%g-%g)" % (med, bounds[0], bounds[-1])


def thread_split(by, names):
    """Per contender, the median of each group in cpu_threads_us_per_url (loop:1.0/c2:2.0/...)."""
    parts = []
    for c in names:
        ok = [r for r in by[c] if r.get("failed") != "1" and r.get("cpu_threads_us_per_url")]
        if not ok:
            continue
        groups = {}
        for r in ok:
            for item in r["cpu_threads_us_per_url"].split("/"):
                k, _, v = item.partition(":")
                groups.setdefault(k, []).append(v)
        cells = []
        for k, vs in groups.items():
            med = summary(vs, 1)[1]
            cells.append("%s %s" % (k, "?" if med is None else "%.1f" % med))
        parts.append("%s %s" % (c, " ".join(cells)))
    return parts


def report(args):
    rows = read_raw(args.raw)
    groups = {}
    for row in rows:
        groups.setdefault(row.get("workload", "?"), {}).setdefault(row.get("contender", "?"), []).append(row)
    rounds = max((int(r.get("round", 1)) for r in rows), default=0)
    out = []
    out.append("# fetchd side-by-side benchmark")
    out.append("")
    out.append("- Commit measured: `%s`" % args.commit)
    out.append("- Command: `%s`" % args.command)
    out.append("- Machine: %s; %s" % (args.machine, args.load))
    out.append("- JDK: %s; JVM options for every Java contender and the service: `%s`" % (args.jdk, args.jvm_opts))
    out.append("- Upstream: nginx %s, loopback only" % args.nginx)
    out.append("- Rounds: %d; every cell is the median over rounds with (min-max); ratios compare medians"
               " with fetchd-lib's" % rounds)
    out.append("")
    head = ("| contender | URLs/s | vs lib | p50 ms | p99 ms | elapsed s | peak RSS MB | CPU us/URL | CPU vs lib"
            " | errors |")
    sep = "|" + "---|" * 10
    order = [w for w in ("small", "100k", "delay", "small-steady", "100k-steady") if w in groups]
    order += sorted(w for w in groups if w not in order)
    for wl in order:
        by = groups[wl]
        out.append("## %s" % title(wl, [r for runs in by.values() for r in runs]))
        out.append("")
        out.append(head)
        out.append(sep)
        base_rate = base_cpu = None
        if "fetchd-lib" in by:
            ok = [r for r in by["fetchd-lib"] if r.get("failed") != "1"]
            base_rate = summary([r.get("urls_per_s") for r in ok], 0)[1]
            base_cpu = summary([r.get("cpu_us_per_url") for r in ok], 1)[1]
        names = [c for c in CONTENDER_ORDER if c in by] + sorted(c for c in by if c not in CONTENDER_ORDER)
        for c in names:
            runs = by[c]
            ok = [r for r in runs if r.get("failed") != "1"]
            failed = len(runs) - len(ok)
            rate, rate_med = summary([r.get("urls_per_s") for r in ok], 0)
            cpu, cpu_med = summary([r.get("cpu_us_per_url") for r in ok], 1)
            errs = sum(int(r.get("errors", 0)) for r in ok)
            err_cell = str(errs)
            if errs:
                firsts = sorted({r.get("first_error", "") for r in ok if r.get("first_error", "none") != "none"})
                err_cell += " (%s)" % ", ".join(f[:60] for f in firsts)
            if failed:
                err_cell += "; %d run(s) failed" % failed
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                c, rate, "1.00x" if c == "fetchd-lib" else ratio(rate_med, base_rate),
                summary([r.get("p50_ms") for r in ok], 2)[0], summary([r.get("p99_ms") for r in ok], 2)[0],
                summary([r.get("elapsed_s") for r in ok], 3)[0], summary([r.get("peak_rss_mb") for r in ok], 0)[0],
                cpu, "1.00x" if c == "fetchd-lib" else ratio(cpu_med, base_cpu), err_cell))
        paired = paired_ratios(by, names) if "fetchd-lib" in by else []
        if paired:
            out.append("")
            out.append("URLs/s over fetchd-lib's in the same round (median over rounds, min-max): "
                       + "; ".join(paired) + ".")
        split = thread_split(by, names)
        if split:
            out.append("")
            out.append("CPU us/URL by thread over the measured run (median; loop = the I/O thread, c2/c1 = the"
                       " JIT compilers): " + "; ".join(split) + ".")
        for svc_name in ("fetchd-service", "fetchd-service-ndjson"):
            svc = [r for r in by.get(svc_name, []) if r.get("failed") != "1"]
            if svc:
                out.append("")
                out.append("%s: event-loop lag p99 %s (fetchd_event_loop_lag_seconds bucket bound;"
                           " %s probe samples per run), peak heap %s MB (jvm_memory_used_bytes, area heap,"
                           " sampled every 250 ms), response %s, %s batch(es)%s." % (
                               svc_name, lag_summary([r.get("loop_lag_p99_ms") for r in svc]),
                               summary([r.get("loop_lag_samples") for r in svc], 0)[0],
                               summary([r.get("peak_heap_mb") for r in svc], 0)[0],
                               svc[0].get("accept", "?") + (", SHA-256 " + (
                                   "on" if svc[0].get("sha256") == "true" else "off")),
                               svc[0].get("batches", "?"),
                               "" if not any(r.get("client_cpu_us_per_url") for r in svc) else
                               ", posting client's own CPU %s us/URL" % summary(
                                   [r.get("client_cpu_us_per_url") for r in svc], 1)[0]))
        out.append("")
    out.append("Columns: URLs/s = count / elapsed of the measured run (wrk: its Requests/sec over a fixed"
               " duration); p50/p99 = per-URL latency (service: timings.totalMs of each result; wrk: its"
               " latency distribution); peak RSS = VmHWM of the contender's own JVM (service: of the service"
               " process; wrk: /usr/bin/time's max RSS), warm-up included; CPU us/URL = process utime+stime"
               " over the measured run / URLs (service: the service process only, not the posting client;"
               " wrk: whole run).")
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("wrk")
    w.add_argument("file")
    w.add_argument("workload")
    r = sub.add_parser("report")
    r.add_argument("raw")
    for k in ("commit", "command", "machine", "jdk", "nginx", "jvm_opts", "load"):
        r.add_argument("--" + k.replace("_", "-"), default="?")
    a = ap.parse_args()
    if a.cmd == "wrk":
        wrk_line(a.file, a.workload)
    else:
        report(a)


if __name__ == "__main__":
    main()

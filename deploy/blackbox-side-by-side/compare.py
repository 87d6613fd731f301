#!/usr/bin/env python3
"""Compares the /probe answers of blackbox_exporter and fetchd, case by case.

Usage: compare.py CASES_FILE OUT_DIR

CASES_FILE has one case a line: name|module|target[|scrape timeout seconds]. OUT_DIR holds
NAME.blackbox and NAME.fetchd, the two answers (Prometheus text). For each case the metric names
and label sets must be the same, and every value must be equal except the timings below. fetchd's
own probe_failure_info is left out of the comparison. Prints one line per case and a summary;
exits 1 on any difference.
"""
import math
import re
import sys

TIMINGS = {"probe_duration_seconds", "probe_http_duration_seconds", "probe_dns_lookup_time_seconds"}
FETCHD_ONLY = {"probe_failure_info"}
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = SAMPLE.match(line)
            if not m:
                raise SystemExit("%s: cannot read line: %s" % (path, line))
            labels = tuple(sorted(LABEL.findall(m.group(3) or "")))
            out[(m.group(1), labels)] = float(m.group(4))
    return out


def show(key):
    name, labels = key
    return name + ("{%s}" % ",".join('%s="%s"' % kv for kv in labels) if labels else "")


def main():
    cases_file, out_dir = sys.argv[1], sys.argv[2]
    failed = 0
    total = 0
    compared = 0
    for line in open(cases_file, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name = line.split("|")[0]
        total += 1
        bb = parse("%s/%s.blackbox" % (out_dir, name))
        fd = {k: v for k, v in parse("%s/%s.fetchd" % (out_dir, name)).items() if k[0] not in FETCHD_ONLY}
        problems = []
        for k in sorted(set(bb) - set(fd)):
            problems.append("only blackbox: %s %g" % (show(k), bb[k]))
        for k in sorted(set(fd) - set(bb)):
            problems.append("only fetchd:   %s %g" % (show(k), fd[k]))
        for k in sorted(set(bb) & set(fd)):
            if k[0] in TIMINGS:
                continue
            compared += 1
            a, b = bb[k], fd[k]
            if not (a == b or (math.isnan(a) and math.isnan(b))):
                problems.append("value differs: %s blackbox %r fetchd %r" % (show(k), a, b))
        success = "%g/%g" % (bb.get(("probe_success", ()), -1), fd.get(("probe_success", ()), -1))
        if problems:
            failed += 1
            print("DIFF %-24s (%s) probe_success blackbox/fetchd %s" % (name, line.split("|")[1], success))
            for p in problems:
                print("     " + p)
        else:
            print("same %-24s (%s) probe_success %s, %d series" % (name, line.split("|")[1], success.split("/")[0], len(bb)))
    print("%d cases, %d with differences, %d values compared" % (total, failed, compared))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

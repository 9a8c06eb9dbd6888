"""Run a command and print its peak resident set size, in kilobytes, as JSON.

A process's peak RSS (``ru_maxrss``) starts from the RSS of the process that
forked it: Linux carries the parent's high-water mark over fork and exec. run.py
holds the world's keys in memory by the time it starts the loader, so the
loader's own figure would be run.py's. Started from this small process instead,
the command's figure is its own (as with /usr/bin/time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def main() -> None:
    proc = subprocess.Popen(sys.argv[1:])
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"exit_code": code, "peak_rss_kb": usage.ru_maxrss}), file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()

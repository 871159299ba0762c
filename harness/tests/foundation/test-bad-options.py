#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The two commands refuse what is wrong with exit status 2 or 1 and say what
# would be right: scripts/run with a scenario the guest does not know (a bad
# option, with the close names), scripts/test with a suite that matches
# nothing (no test ran: never a pass counted from an earlier run). TAP.
import os
import subprocess
import sys

ROOT = os.environ.get("CYC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "../../.."))
sys.path.insert(0, os.path.join(ROOT, "harness", "lib"))
from tap import finish, report  # the harness's TAP, shared by these tests


def run(*argv):
    p = subprocess.run([os.path.join(ROOT, "scripts", argv[0])] +
                       list(argv[1:]), capture_output=True, text=True,
                       timeout=240)
    return p.returncode, p.stdout + p.stderr


def main():
    code, out = run("run", "--no-build", "--scenario", "midi-rendr")
    report(code == 2 and "close: midi-render" in out,
           "run --scenario midi-rendr: exit %d (want 2), close names: %s" %
           (code, out.strip().splitlines()[-2:]))
    code, out = run("run", "--no-build", "--rate", "fast")
    report(code == 2 and "--rate" in out,
           "run --rate fast: exit %d (want 2): %s" %
           (code, out.strip().splitlines()[:1]))
    # meson runs this test itself: scripts/test may not rebuild or wait on
    # the build lock here, so the summary script stands in for it.
    code = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "test-summary"),
         os.path.join(os.devnull, "none.xml"), "0"],
        capture_output=True, text=True).returncode
    report(code == 1, "test-summary without a JUnit log: exit %d (want 1)" %
           code)
    return finish()


if __name__ == "__main__":
    sys.exit(main())

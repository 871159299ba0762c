# SPDX-License-Identifier: MIT
# TAP for the harness's Python tests, the counterpart of tap.c: one line per
# test point (a message quoting a command's output stays on that line), the
# plan last, and the exit status of the whole.
_points = 0
_failed = 0


def report(ok, msg):
    """Prints test point ok/not ok with msg; returns ok."""
    global _points, _failed
    _points += 1
    _failed += 0 if ok else 1
    print("%s %d - %s" % ("ok" if ok else "not ok", _points,
                          " | ".join(str(msg).splitlines())))
    return ok


def finish():
    """Prints the plan; the exit status: 1 if any point failed."""
    print("1..%d" % _points)
    return 1 if _failed else 0

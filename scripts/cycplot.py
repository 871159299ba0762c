# SPDX-License-Identifier: MIT
# gnuplot started ahead of its data, for scripts/plot-wave and scripts/plot-dma (through
# scripts/glitch --plot). A gnuplot's start-up and its first text (cairo, pango, fontconfig)
# cost about 0.1 s of CPU per picture; scripts/run starts the pictures with --wait while QEMU
# still runs, so that this and the interpreter's own start-up overlap the run instead of
# following it.
import subprocess
import sys


def start(terminal):
    """A gnuplot reading commands from a pipe, its terminal set and its fonts loaded by a
    throw-away plot; reset leaves nothing of it but the loaded libraries."""
    gp = subprocess.Popen(["gnuplot"], stdin=subprocess.PIPE, text=True)
    gp.stdin.write("%s\nset output '/dev/null'\nplot x title 'warm-up'\nset output\nreset\n" %
                   terminal)
    gp.stdin.flush()
    return gp


def finish(gp, script):
    """Runs @script (a file) on a gnuplot from start() and waits for it to end."""
    gp.stdin.write("load '%s'\nexit\n" % script.replace("'", "''"))
    gp.stdin.close()
    if gp.wait() != 0:
        raise subprocess.CalledProcessError(gp.returncode, ["gnuplot", script])


def wait_for_data():
    """--wait: standard input is a pipe that scripts/run closes once QEMU has exited and the
    files are complete (EOF also when scripts/run itself ends)."""
    sys.stdin.buffer.read()

# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by the shell scripts that start Python: sets $py to the interpreter to use.
# The first python3 on PATH may be a version manager's shim, a shell script that works out
# which Python to start on every call (pyenv's costs 0.5 s of CPU and about 1 s of wall time
# per call, more than the rest of scripts/run). Our scripts need only the standard library and
# python3-mido, which scripts/deps installs for the system's Python: so $py is the first
# python3 on PATH that is a program rather than a script, else plain python3.
# CYC_PYTHON overrides the choice.
cyc_pick_python()
{
    local dir magic
    local IFS=:
    for dir in $PATH; do
        if [ -z "$dir" ] || [ ! -x "$dir/python3" ]; then
            continue
        fi
        magic=$(head -c 2 "$dir/python3" 2>/dev/null) || continue
        [ "$magic" = '#!' ] || { echo "$dir/python3"; return; }
    done
    echo python3
}
# shellcheck disable=SC2034  # used by the scripts that source this file
py=${CYC_PYTHON:-$(cyc_pick_python)}

#!/bin/sh
# SPDX-License-Identifier: MIT
# msabi-objcopy.sh IN.a OUT.a [PREFIX]: copies the objects of (thin) archive IN.a into
# the ordinary archive OUT.a, renaming their memcpy/memmove/memset/memcmp and wcs* references to
# the runtime's Windows x64 entries (guest/cxx/msabi.c). With PREFIX, the global symbols
# the archive's C objects (*.c.o) define are renamed PREFIX<name> in every object: C
# files another driver also links (compiled here in the Windows convention) then clash
# with nothing.
set -eu
in=$1
out=$2
prefix=${3:-}
tmp=$out.d
rm -rf "$tmp" "$out"
mkdir -p "$tmp"
dir=$(dirname "$in")
members=$(cd "$dir" && ar t "$(basename "$in")")
{
    echo "memcpy KiMsMemcpy"
    echo "memmove KiMsMemmove"
    echo "memset KiMsMemset"
    echo "memcmp KiMsMemcmp"
    for wcs in wcslen wcsnlen wcscpy wcsncpy wcscat wcsncat wcscmp wcsncmp \
        _wcsicmp _wcsnicmp wcschr wcsrchr wcsstr; do
        echo "$wcs KiMs_$wcs"
    done
    if [ -n "$prefix" ]; then
        for member in $members; do
            case $member in
            *.c.o)
                nm --defined-only --extern-only "$dir/$member" |
                    awk -v p="$prefix" 'NF == 3 { print $3, p $3 }'
                ;;
            esac
        done
    fi
} >"$tmp/renames"
n=0
for member in $members; do
    n=$((n + 1))
    objcopy --redefine-syms="$tmp/renames" "$dir/$member" \
        "$tmp/$n-$(basename "$member")"
done
ar rcs "$out" "$tmp"/*.o
rm -rf "$tmp"

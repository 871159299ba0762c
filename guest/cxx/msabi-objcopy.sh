#!/bin/sh
# SPDX-License-Identifier: MIT
# msabi-objcopy.sh IN.a OUT.a: copies the objects of (thin) archive IN.a into the
# ordinary archive OUT.a, renaming their memcpy/memmove/memset/memcmp references to
# the runtime's Windows x64 entries (guest/cxx/msabi.c).
set -eu
in=$1
out=$2
tmp=$out.d
rm -rf "$tmp" "$out"
mkdir -p "$tmp"
n=0
for member in $(cd "$(dirname "$in")" && ar t "$(basename "$in")"); do
    n=$((n + 1))
    objcopy --redefine-sym memcpy=KiMsMemcpy --redefine-sym memmove=KiMsMemmove \
        --redefine-sym memset=KiMsMemset --redefine-sym memcmp=KiMsMemcmp \
        "$(dirname "$in")/$member" "$tmp/$n-$(basename "$member")"
done
ar rcs "$out" "$tmp"/*.o
rm -rf "$tmp"

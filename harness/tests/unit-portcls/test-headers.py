#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Every public guest header compiles alone (and twice) in C, in C++ and in C++ built as a
# Windows x64 driver is (-mabi=ms), with -Wall -Wextra -Werror, with and without INITGUID.
# TAP on stdout. Usage: test-headers.py SOURCE_ROOT CC CXX
import os
import subprocess
import sys
import tempfile

HEADERS = [
    'ntdef.h', 'ntstatus.h', 'bugcodes.h', 'dbgprint.h', 'sal.h', 'wdm.h', 'ntddk.h',
    'pshpack1.h', 'pshpack2.h', 'pshpack4.h', 'pshpack8.h', 'poppack.h',
    'unknwn.h', 'punknown.h', 'initguid.h', 'ks.h', 'ksmedia.h', 'mmreg.h', 'ksdebug.h',
    'portcls.h', 'dmusicks.h', 'stdunk.h', 'ntstrsafe.h', 'ntintsafe.h', 'wdmguid.h',
]
# Headers another branch may add are checked when present.
OPTIONAL = ['drmk.h', 'dmusprop.h']

root, cc, cxx = sys.argv[1], sys.argv[2], sys.argv[3]
inc = []
for d in ['guest/nt', 'guest/com', 'guest/ks', 'guest/portcls', 'guest/cxx', 'include']:
    inc += ['-I', os.path.join(root, d)]
flags = ['-fsyntax-only', '-Wall', '-Wextra', '-Werror', '-fshort-wchar', '-Wno-multichar']
modes = [
    ('C', [cc, '-x', 'c', '-std=gnu11']),
    ('C++', [cxx, '-x', 'c++', '-std=gnu++17', '-fno-exceptions', '-fno-rtti']),
    ('C++ -mabi=ms', [cxx, '-x', 'c++', '-std=gnu++17', '-fno-exceptions', '-fno-rtti',
                      '-mabi=ms']),
]
present = [h for h in OPTIONAL
           if any(os.path.exists(os.path.join(root, d, h))
                  for d in ['guest/nt', 'guest/com', 'guest/ks', 'guest/portcls'])]
cases = []
for h in HEADERS + present:
    for name, cmd in modes:
        for defs in ([], ['-DINITGUID']):
            cases.append((h, name, cmd, defs))
print('TAP version 13')
print('1..%d' % len(cases))
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for n, (h, name, cmd, defs) in enumerate(cases, 1):
        src = os.path.join(tmp, 'alone.c')
        # poppack.h pops what a pshpack pushed: it is checked after pshpack1.h.
        if h == 'poppack.h':
            body = '#include <pshpack1.h>\n#include <poppack.h>\n'
        elif h.startswith('pshpack'):
            body = '#include <%s>\n#include <poppack.h>\n' % h
        else:
            body = '#include <%s>\n#include <%s>\n' % (h, h)
        body += 'int cyc_header_alone;\n'
        with open(src, 'w') as f:
            f.write(body)
        r = subprocess.run(cmd + flags + defs + inc + [src], capture_output=True, text=True)
        ok = r.returncode == 0
        print('%s %d - %s alone in %s%s' % ('ok' if ok else 'not ok', n, h, name,
                                           ' with INITGUID' if defs else ''))
        if not ok:
            failed += 1
            for line in (r.stdout + r.stderr).splitlines()[:20]:
                print('# ' + line)
sys.exit(1 if failed else 0)

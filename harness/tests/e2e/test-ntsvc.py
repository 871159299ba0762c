#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Issue 14 item 5 end to end: the ntsvc-files scenario through scripts/run.
# A work item writes the captured ramp as \SystemRoot\Temp\...capture.wav and
# copies the file the host provides (--guest-file, fw_cfg) in 1000-byte
# pieces; both land in OUT/C/Windows/Temp/ (COM2 records, scripts/nt-files).
# The copy must equal the host's bytes exactly, the guest's FNV-1a of what it
# read must be the host's, and the WAV must be the canonical 44-byte header
# and the device's ramp (S16: frame n, channel c = n + 256 c) for every
# frame. A second run with the same input writes the same records and the
# same console, to the byte (icount). Without a host file the guest's
# FILE_OPEN finds nothing and no copy appears. TAP on stdout.
import os
import re
import struct
import subprocess
import sys
import tempfile

ROOT = os.environ.get("CYC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "../../.."))
sys.path.insert(0, os.path.join(ROOT, "harness", "lib"))
from tap import finish, report  # the harness's TAP, shared by these tests
TEMP = os.path.join("C", "Windows", "Temp")
FNV = re.compile(r"ntsvc-files input bytes (\d+) fnv1a 0x([0-9a-f]{8})")
FRAMES = re.compile(r"ntsvc-files capture frames (\d+) channels (\d+) "
                    r"rate (\d+)")


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def run(out, extra):
    return subprocess.run([os.path.join(ROOT, "scripts/run"), "--no-build",
                           "--no-plots", "--scenario", "ntsvc-files",
                           "--out", out] + extra, capture_output=True,
                          text=True)


def check_wav(path, frames, channels, rate):
    with open(path, "rb") as f:
        data = f.read()
    frame = channels * 2
    want = (b"RIFF" + struct.pack("<I", 36 + frames * frame) + b"WAVEfmt " +
            struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * frame,
                        frame, 16) +
            b"data" + struct.pack("<I", frames * frame))
    report(data[:44] == want, "capture.wav header is the canonical PCM one "
           "(%d frames, %d ch, %d Hz)" % (frames, channels, rate))
    report(len(data) == 44 + frames * frame, "capture.wav is %d bytes "
           "(want %d)" % (len(data), 44 + frames * frame))
    bad = [n for n in range(frames) for c in range(channels)
           if struct.unpack_from("<H", data, 44 + n * frame + 2 * c)[0] !=
           (n + 256 * c) & 0xffff]
    report(not bad, "every sample is the ramp (first wrong frame: %s)"
           % (bad[0] if bad else "none"))


def main():
    # every byte value, and a length no piece size divides
    payload = bytes((i * 7 + (i >> 8)) & 0xff for i in range(4999))
    with tempfile.TemporaryDirectory() as tmp:
        host = os.path.join(tmp, "in.bin")
        with open(host, "wb") as f:
            f.write(payload)
        out = os.path.join(tmp, "with")
        r = run(out, ["--guest-file", "Windows/Temp/cycaudio-in.bin=" + host])
        report(r.returncode == 0, "scripts/run --scenario ntsvc-files "
               "--guest-file ...: exit %d %s"
               % (r.returncode, r.stderr.strip()[-300:]))
        report("guest file : %s" % os.path.join(out, TEMP,
                                                "cycaudio-copy.bin")
               in r.stdout, "scripts/run names the copy it wrote")
        with open(os.path.join(out, "ntsvc-files-console.log")) as f:
            console = f.read()
        copy = os.path.join(out, TEMP, "cycaudio-copy.bin")
        got = open(copy, "rb").read() if os.path.exists(copy) else b""
        report(got == payload, "the copy equals the host file byte for byte "
               "(%d of %d bytes)" % (len(got), len(payload)))
        m = FNV.search(console)
        report(m is not None and int(m.group(1)) == len(payload) and
               int(m.group(2), 16) == fnv1a(payload),
               "the guest read %s, the host's FNV-1a is 0x%08x"
               % (m.group(0) if m else "nothing", fnv1a(payload)))
        m = FRAMES.search(console)
        report(m is not None, "the guest reports the capture it saved")
        if m:
            check_wav(os.path.join(out, TEMP, "cycaudio-capture.wav"),
                      int(m.group(1)), int(m.group(2)), int(m.group(3)))
        again = os.path.join(tmp, "again")
        r = run(again, ["--guest-file",
                        "Windows/Temp/cycaudio-in.bin=" + host])
        same = [name for name in ("nt-files.bin", "ntsvc-files-console.log")
                if open(os.path.join(out, name), "rb").read() ==
                open(os.path.join(again, name), "rb").read()]
        report(r.returncode == 0 and len(same) == 2, "a second run: the same "
               "COM2 records and console byte for byte (same: %s)"
               % ", ".join(same))
        out = os.path.join(tmp, "without")
        r = run(out, [])
        report(r.returncode == 0 and not os.path.exists(
            os.path.join(out, TEMP, "cycaudio-copy.bin")) and
            os.path.exists(os.path.join(out, TEMP, "cycaudio-capture.wav")),
            "without a host file: exit %d, capture.wav and no copy"
            % r.returncode)
    return finish()


if __name__ == "__main__":
    sys.exit(main())

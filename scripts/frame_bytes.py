#!/usr/bin/env python3
"""Bytes the dashboard sends per action, beside the text of the frame (issue #16).

Runs the real program in a pseudo-terminal with the shipped data, in Chinese and English,
at 80x24 and 120x40, and counts the bytes of: the first frame, a switch to each tab, and a
`j` on each tab with a list, and the smallest, median and largest of the `j`/`k` steps
through all the villages of the villages tab. "text" is `village-dash snapshot` of the same tab (trailing
blanks removed, UTF-8 bytes, newlines counted). The goal: frame bytes <= 1.4 x text + 300,
and a `j` under 400 bytes. The seconds are the bytes over a 1,200 B/s link.

usage: scripts/frame_bytes.py BIN [CONFIG_DIR]     (scripts/perf.sh runs it)
exit status 1 when a figure is over its goal.
"""
import fcntl, os, pty, struct, subprocess, sys, termios

import ptyrun

BIN = sys.argv[1]
CONFIG = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "config")
LINK = 1200  # bytes per second
TABS = ["overview", "villages", "oat", "projects", "training", "party"]
LIST_TABS = ["villages", "projects", "training"]


def village_count():
    out = subprocess.run([BIN, "--config", CONFIG, "summary", "--format", "json"],
                         capture_output=True)
    try:
        import json
        return int(json.loads(out.stdout)["villages"])
    except Exception:
        return 16  # the shipped data


VILLAGES = village_count()


def drain(fd, quiet):
    return ptyrun.drain(fd, quiet)[0]


def text_bytes(lang, tab, w, h):
    out = subprocess.run([BIN, "--config", CONFIG, "--lang", lang, "snapshot", "--tab", tab,
                          "--width", str(w), "--height", str(h)], capture_output=True, check=True)
    return len(b"\n".join(line.rstrip() for line in out.stdout.split(b"\n")))


def measure(lang, w, h):
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before the program starts, so the first frame is at w x h.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", h, w, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("NO_COLOR", None)
        os.execv(BIN, [BIN, "--config", CONFIG, "--lang", lang])
    rows = []
    try:
        first = drain(fd, 1.5)
        rows.append(("first frame (overview)", first, text_bytes(lang, "overview", w, h)))
        order = TABS[1:] + TABS[:1]
        for tab in order:
            key = str(TABS.index(tab) + 1).encode()
            os.write(fd, key)
            n = drain(fd, 0.5)
            rows.append((f"switch to {tab}", n, text_bytes(lang, tab, w, h)))
        for tab in LIST_TABS:
            os.write(fd, str(TABS.index(tab) + 1).encode())
            drain(fd, 0.5)
            os.write(fd, b"j")
            n = drain(fd, 0.5)
            rows.append((f"j on {tab}", n, None))
            os.write(fd, b"k")
            drain(fd, 0.5)
        # Every step through all the villages: j to the last one, then k back to the first.
        os.write(fd, b"2")
        drain(fd, 0.5)
        steps = []
        for key in [b"j"] * (VILLAGES - 1) + [b"k"] * (VILLAGES - 1):
            os.write(fd, key)
            steps.append(drain(fd, 0.3))
        steps.sort()
        for name, n in [("min", steps[0]), ("median", steps[len(steps) // 2]), ("max", steps[-1])]:
            rows.append((f"j/k through all {VILLAGES} villages, {name}", n, None))
    finally:
        ptyrun.stop(pid, fd)
    return rows


def main():
    over = 0
    print("| language | size | action | bytes sent | text on screen | goal | at 1,200 B/s |")
    print("|---|---|---|---:|---:|---:|---:|")
    for lang in ["zh", "en"]:
        for w, h in [(80, 24), (120, 40)]:
            for action, sent, text in measure(lang, w, h):
                goal = 399 if text is None else int(1.4 * text + 300)
                ok = sent <= goal
                over += not ok
                mark = "" if ok else " **over**"
                text_s = "" if text is None else f"{text:,}"
                print(f"| {lang} | {w}x{h} | {action} | {sent:,}{mark} | {text_s} | "
                      f"{'< 400' if text is None else f'{goal:,}'} | {sent / LINK:.2f} s |")
    print()
    print("goal: a frame <= 1.4 x its text + 300 bytes; a j < 400 bytes." +
          (" All hold." if over == 0 else f" {over} over."))
    return 1 if over else 0


sys.exit(main())

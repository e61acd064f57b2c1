"""Key -> frame in a pseudo-terminal at 120x40, idle and while a reload runs (issue #15).

usage: python3 scripts/keys.py BIN DATA_DIR [ROUNDS]

The dashboard runs on DATA_DIR (a township directory; its villages.toml is touched, not
changed, to start reloads). For each key: the time from writing it to the pty to the last
byte of the frame it causes (the end of the frame is the last byte before 40 ms of quiet).
Keys: j, k, Tab (each tab once), h/l (each sort column the first time it is sorted by), s
(direction), o (file order), a filter typed one character at a time, Backspace, Esc, Enter
(the detail) and Esc out of it.

"while a reload runs": villages.toml is touched, and once the load is seen working (from
/proc: the threads that run at the reload's lower priority, and their CPU time) the keys are
pressed one after another, 50 ms apart, for as long as it works; the load then finishes
before the next touch. A key counts as "during a reload" when the loading threads worked
between the key and the end of its frame, unless two frames (bursts of bytes 10 ms or more
apart) came for it: then the load ended while its frame was awaited, and the other frame is
the new figures' (swapped in and drawn). Those keys are reported apart, twice: to the last
byte before the quiet (an upper bound), and to the end of the first frame after the key
(its own frame, unless the new figures' frame came first). Keys pressed after the
load ended are reported apart as well. Prints one table row per key group and state: median
and max in ms, and how many presses.
"""
import os, select, statistics, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptyrun
from ptyrun import drain, stop

QUIET = 0.04
# Bytes of one frame come together (one write); a gap this long starts another frame.
BURST_GAP = 0.01
TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def frame_after(fd, t0, limit=5.0, bursts=None):
    """ms from `t0` to the last byte before QUIET seconds of silence; None if nothing came.
    With a list as `bursts`, the ms of the end of each burst of bytes (a burst ends at a
    gap of BURST_GAP seconds) are appended to it."""
    last = None
    while True:
        r, _, _ = select.select([fd], [], [], QUIET)
        if not r:
            if last is not None or time.perf_counter() - t0 > limit:
                break
            continue
        try:
            chunk = os.read(fd, 1 << 20)
        except OSError:
            break
        if not chunk:
            break
        now = time.perf_counter()
        if bursts is not None:
            if last is not None and now - last < BURST_GAP and bursts:
                bursts[-1] = (now - t0) * 1000
            else:
                bursts.append((now - t0) * 1000)
        last = now
    return None if last is None else (last - t0) * 1000


def sequence(rounds, filter_text):
    """(group, bytes) in the order pressed. Starts and ends on the villages tab, file order,
    no filter, no detail."""
    keys = []
    for _ in range(rounds):
        keys += [("j", b"j"), ("k", b"k")]
    for tab in ["oat", "projects", "training", "party", "overview", "villages"]:
        keys.append((f"Tab -> {tab}", b"\t"))  # every tab once, back to the villages tab
    for _ in range(8):  # every column once, the first time it is sorted by (after a load)
        keys.append(("l: first sort by a column", b"l"))
    for _ in range(rounds):
        keys.append(("s", b"s"))
    keys.append(("h", b"h"))
    keys.append(("o", b"o"))
    keys.append(("/", b"/"))
    for c in filter_text:
        keys.append(("filter char", c.encode()))
    for _ in filter_text:
        keys.append(("Backspace", b"\x7f"))
    keys.append(("Esc (filter)", b"\x1b"))
    for _ in range(rounds):
        keys += [("Enter", b"\r"), ("Esc (detail)", b"\x1b")]
    return keys


def start(bin_path, d, lang):
    pid, fd = ptyrun.start(bin_path, ["--config", d, "--lang", lang])
    load_s = ptyrun.wait_for_name(fd, d, key="name_en")
    drain(fd, 1.0)
    return pid, fd, load_s


def idle(pid, fd, keys):
    out = []
    for group, b in keys:
        t0 = time.perf_counter()
        os.write(fd, b)
        ms = frame_after(fd, t0)
        out.append((group, ms, None))
    return out


def loader(pid):
    """{thread id: CPU ticks} of the process's threads that run at a lower priority than
    the screen's: the reload thread and the threads a load starts (tui::RELOAD_NICENESS)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[16]) > 0:  # nice
            out[tid] = int(fields[11]) + int(fields[12])
    return out


def loading(before, after):
    """Whether a load ran between two `loader` readings: a load's own threads existed, or
    the reload thread used CPU."""
    if len(before) > 1 or len(after) > 1:
        return True
    return any(after.get(t, 0) > ticks for t, ticks in before.items())


def during_reload(pid, fd, keys, villages_toml):
    """Each key pressed while a load runs: (group, ms, state, ms to the end of the first
    frame). villages.toml is touched; once the load is seen working the keys are pressed,
    50 ms apart, for as long as it works; then the load is left to finish before the next
    touch. `state`: True when the reload thread or a load's threads worked between the key
    and the end of its frame, False when not, "ended" when they worked and two frames came
    for the key: the load ended while its frame was awaited, and the frame that shows the
    new figures is among the bytes counted for the key."""
    out = []
    i = 0
    while i < len(keys):
        os.utime(villages_toml)
        # The watcher waits 250 ms for more saves; then the load starts.
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 10:
            before = loader(pid)
            drain(fd, 0.05, limit=0.1)
            if loading(before, loader(pid)):
                break
        working = True
        while i < len(keys) and working:
            group, b = keys[i]
            before = loader(pid)
            t0 = time.perf_counter()
            os.write(fd, b)
            bursts = []
            ms = frame_after(fd, t0, bursts=bursts)
            working = loading(before, loader(pid))
            # Two frames for one key: the other is the new figures' (the only frame a load
            # draws without a key while the keys are pressed).
            state = "ended" if working and len(bursts) > 1 else working
            out.append((group, ms, state, bursts[0] if bursts else None))
            i += 1
            time.sleep(0.05)
        # The load ends (its threads gone, the reload thread idle) before the next touch.
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 120:
            before = loader(pid)
            drain(fd, 0.3, limit=0.5)
            if not loading(before, loader(pid)):
                break
        drain(fd, 0.3)
    return out


def table(rows, title):
    groups = []
    for g, *_ in rows:
        if g not in groups:
            groups.append(g)
    print(f"{title}")
    print("| key | presses | median | max |")
    print("|---|---:|---:|---:|")
    for g in groups:
        ms = [m for gg, m, *_ in rows if gg == g and m is not None]
        missing = sum(1 for gg, m, *_ in rows if gg == g and m is None)
        if not ms:
            print(f"| {g} | 0 | - | - |")
            continue
        extra = f" ({missing} without a frame)" if missing else ""
        print(f"| {g} | {len(ms)}{extra} | {statistics.median(ms):.1f} ms | {max(ms):.1f} ms |")
    all_ms = [m for _, m, *_ in rows if m is not None]
    if all_ms:
        print(f"| all keys | {len(all_ms)} | {statistics.median(all_ms):.1f} ms | {max(all_ms):.1f} ms |")
    print()


def main():
    bin_path, d = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    filter_text = os.environ.get("VD_FILTER", "xzc12")
    print(f"{d}: machine {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[:3]}")
    pid, fd, load_s = start(bin_path, d, "en")
    try:
        os.write(fd, b"2")
        drain(fd, 0.5)
        print(f"first frame with the data after {load_s:.1f} s")
        print()
        rows = idle(pid, fd, sequence(rounds, filter_text))
        table(rows, f"idle, {rounds} rounds, filter typed: {filter_text!r}")
    finally:
        stop(pid, fd)
    if os.environ.get("VD_KEYS_ONLY") == "idle":
        return
    # Again from a fresh start, so the first sorts are first sorts after the reload's load.
    pid, fd, _ = start(bin_path, d, "en")
    try:
        os.write(fd, b"2")
        drain(fd, 0.5)
        rows = during_reload(pid, fd, sequence(rounds, filter_text), os.path.join(d, "villages.toml"))
        busy = [r for r in rows if r[2] is True]
        ended = [r for r in rows if r[2] == "ended"]
        quiet = [r for r in rows if r[2] is False]
        table(busy, "while a reload runs (the loading threads worked between the key and its frame)")
        if ended:
            table(ended, "the load ended while the key's frame was awaited: all bytes until quiet, "
                  "which can include the frame of the new figures")
            table([(g, first, s) for g, _, s, first in ended],
                  "the same keys, to the end of the first frame after the key")
        if quiet:
            table(quiet, "the load ended before the key's frame: not counted above")
    finally:
        stop(pid, fd)


if __name__ == "__main__":
    main()

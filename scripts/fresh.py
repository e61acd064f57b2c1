#!/usr/bin/env python3
"""Save -> frame: the time from a change on disk to the first frame that shows it, for each
way the data is replaced (the cases of tests/freshness.rs), run by `scripts/perf.sh fresh`.

Each case starts the dashboard (--lang en, 80x24) in a pseudo-terminal on a copy of the
shipped data, waits for its first frame, makes the change (the township's English name set
to a new marker) and measures until the marker's bytes arrive. Median of a few rounds.
With `idle` as ROUNDS: the CPU the dashboard uses over 10 s while nothing happens, with
events (and the 3 s recheck) and with polling, in clock ticks and ms, and the bytes written.
usage: fresh.py BINARY CONFIG_DIR [ROUNDS | idle [SECONDS]]
"""
import fcntl, os, pty, select, shutil, signal, struct, sys, tempfile, termios, time

bin_path, config = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "3"
FILES = ["township.toml", "villages.toml", "consortium.toml", "projects.toml", "training.toml"]
ORIGINAL = "Jiucaizhuang Township"
counter = [0]


def marker():
    """A name that differs from the previous one in every character: the dashboard sends
    only the cells that change, so a shared prefix would not be sent again."""
    counter[0] += 1
    return chr(ord("A") + counter[0] % 26) * 12


def copy_data(d):
    os.makedirs(d, exist_ok=True)
    for f in FILES:
        shutil.copy(os.path.join(config, f), os.path.join(d, f))


def renamed(path, m):
    """The text of township.toml at `path` with the English name set to `m`."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.index('name_en = "') + len('name_en = "')
    end = text.index('"', start)
    return text[:start] + m + text[end:]


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class Dash:
    def __init__(self, config_path, env=None):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm-256color"
            for k in ["VILLAGE_DASH_WATCH", "NO_COLOR", "STY", "TMUX"]:
                os.environ.pop(k, None)
            os.environ.update(env or {})
            os.execv(bin_path, [bin_path, "--config", config_path, "--lang", "en"])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.seen = bytearray()
        self.wait_for(b"Overview", 30)

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if r:
            try:
                self.seen.extend(os.read(self.fd, 1 << 16))
            except OSError:
                pass

    def wait_for(self, needle, limit):
        start = time.perf_counter()
        while needle not in self.seen:
            if time.perf_counter() - start > limit:
                return None
            self.pump(0.01)
        return time.perf_counter() - start

    def measure(self, change, m, limit=20):
        """Seconds from `change()` returning to the first bytes showing `m`."""
        self.seen.clear()
        change()
        t0 = time.perf_counter()
        needle = m.encode()
        while needle not in self.seen:
            if time.perf_counter() - t0 > limit:
                return float("inf")
            self.pump(0.005)
        return time.perf_counter() - t0

    def close(self):
        try:
            os.write(self.fd, b"q")
            self.wait_for(b"\x1b[?1049l", 3)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def case_in_place(base):
    d = os.path.join(base, "data"); copy_data(d)
    dash = Dash(d)
    def step():
        m = marker(); t = os.path.join(d, "township.toml")
        return m, lambda: write(t, renamed(t, m))
    return dash, step


def case_rename_over(base):
    d = os.path.join(base, "data"); copy_data(d)
    dash = Dash(d)
    def step():
        m = marker(); t = os.path.join(d, "township.toml"); tmp = t + ".new"
        def change():
            write(tmp, renamed(t, m)); os.rename(tmp, t)
        return m, change
    return dash, step


def case_dir_swapped(base):
    d = os.path.join(base, "data"); copy_data(d)
    dash = Dash(d)
    def step():
        m = marker(); new = os.path.join(base, "data.new"); copy_data(new)
        t = os.path.join(new, "township.toml"); write(t, renamed(t, m))
        old = os.path.join(base, "data.old")
        def change():
            shutil.rmtree(old, ignore_errors=True); os.rename(d, old); os.rename(new, d)
        return m, change
    return dash, step


def case_rm_and_copy(base):
    d = os.path.join(base, "data"); copy_data(d)
    dash = Dash(d)
    def step():
        m = marker(); backup = os.path.join(base, "backup"); shutil.rmtree(backup, ignore_errors=True)
        copy_data(backup); t = os.path.join(backup, "township.toml"); write(t, renamed(t, m))
        def change():
            shutil.rmtree(d); shutil.copytree(backup, d)
        return m, change
    return dash, step


def case_slow_recreation(base):
    d = os.path.join(base, "data"); copy_data(d)
    dash = Dash(d)
    def step():
        m = marker(); backup = os.path.join(base, "backup"); shutil.rmtree(backup, ignore_errors=True)
        copy_data(backup); t = os.path.join(backup, "township.toml"); write(t, renamed(t, m))
        shutil.rmtree(d); os.mkdir(d)
        for f in FILES[1:]:  # every file but the one with the marker, 0.4 s apart
            time.sleep(0.4); shutil.copy(os.path.join(backup, f), os.path.join(d, f))
        time.sleep(0.4)
        # measured from the last file's copy
        return m, lambda: shutil.copy(t, os.path.join(d, "township.toml"))
    return dash, step


def case_symlink_repointed(base):
    rel = [os.path.join(base, "release-1"), os.path.join(base, "release-2")]
    for r in rel:
        copy_data(r)
    cur = os.path.join(base, "current"); os.symlink("release-1", cur)
    dash = Dash(cur)
    state = [0]
    def step():
        m = marker(); state[0] ^= 1; target = rel[state[0]]
        t = os.path.join(target, "township.toml"); write(t, renamed(t, m))
        staged = cur + ".tmp"
        def change():
            os.symlink(os.path.basename(target), staged); os.rename(staged, cur)  # mv -T
        return m, change
    return dash, step


def case_symlinked_file(base):
    d = os.path.join(base, "data"); copy_data(d); el = os.path.join(base, "elsewhere"); os.mkdir(el)
    os.rename(os.path.join(d, "township.toml"), os.path.join(el, "township.toml"))
    os.symlink(os.path.join(el, "township.toml"), os.path.join(d, "township.toml"))
    dash = Dash(d)
    def step():
        m = marker(); t = os.path.join(el, "township.toml")
        return m, lambda: write(t, renamed(t, m))
    return dash, step


def case_hard_link(base):
    d = os.path.join(base, "data"); copy_data(d); el = os.path.join(base, "elsewhere"); os.mkdir(el)
    os.link(os.path.join(d, "township.toml"), os.path.join(el, "township.toml"))
    dash = Dash(d)
    def step():
        m = marker(); t = os.path.join(el, "township.toml")
        return m, lambda: write(t, renamed(t, m))  # in place, under the other name
    return dash, step


def case_polling(base):
    d = os.path.join(base, "data"); copy_data(d)
    dash = Dash(d, {"VILLAGE_DASH_WATCH": "poll"})
    def step():
        m = marker(); t = os.path.join(d, "township.toml")
        return m, lambda: write(t, renamed(t, m))
    return dash, step


CASES = [
    ("saved in place", case_in_place),
    ("saved by rename", case_rename_over),
    ("directory swapped by rename", case_dir_swapped),
    ("directory deleted and copied back", case_rm_and_copy),
    ("directory re-created file by file (from the last file)", case_slow_recreation),
    ("symlinked --config re-pointed (mv -T)", case_symlink_repointed),
    ("symlinked file edited at its target", case_symlinked_file),
    ("hard link edited under its other name", case_hard_link),
    ("polling (VILLAGE_DASH_WATCH=poll), saved in place", case_polling),
]

def idle(seconds):
    tick = os.sysconf("SC_CLK_TCK")
    print(f"idle CPU over {seconds:.0f} s (clock tick {1000 / tick:.0f} ms), "
          f"load average {open('/proc/loadavg').read().split()[0]}")
    print("| watching | CPU ticks | CPU ms | bytes written |")
    print("|---|---:|---:|---:|")
    for name, env in [("events + 3 s recheck", {}), ("polling every 0.7 s", {"VILLAGE_DASH_WATCH": "poll"})]:
        base = tempfile.mkdtemp(prefix="vd-idle-")
        d = os.path.join(base, "data"); copy_data(d)
        dash = Dash(d, env)
        try:
            dash.wait_for(b"warnings", 30)
            time.sleep(1.5)
            dash.pump(0.2)
            with open(f"/proc/{dash.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            before = int(fields[11]) + int(fields[12])
            dash.seen.clear()
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                dash.pump(max(0.0, end - time.perf_counter()))
            with open(f"/proc/{dash.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12]) - before
            print(f"| {name} | {ticks} | {ticks * 1000 / tick:.0f} ms | {len(dash.seen)} B |")
        finally:
            dash.close()
            shutil.rmtree(base, ignore_errors=True)


if mode == "idle":
    idle(float(sys.argv[4]) if len(sys.argv) > 4 else 10.0)
    sys.exit(0)
rounds = int(mode)
print(f"save -> frame, {rounds} rounds each, load average {open('/proc/loadavg').read().split()[0]}")
print("| replacement | median | slowest |")
print("|---|---:|---:|")
for name, case in CASES:
    base = tempfile.mkdtemp(prefix="vd-fresh-")
    dash, step = case(base)
    times = []
    try:
        for _ in range(rounds):
            time.sleep(0.8)  # quiet, as between two saves
            m, change = step()
            times.append(dash.measure(change, m))
    finally:
        dash.close()
        shutil.rmtree(base, ignore_errors=True)
    times.sort()
    print(f"| {name} | {times[len(times) // 2] * 1000:.0f} ms | {times[-1] * 1000:.0f} ms |")

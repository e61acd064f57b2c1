#!/usr/bin/env bash
# Whole-process performance figures of village-dash (see the README's "Performance" section):
#   - `check` (load + validate): wall time (median of several runs), CPU time, peak memory
#   - bytes written to the terminal for one j press on the villages tab at 120x40, in a
#     pseudo-terminal, and the time from each key (j, l = sort, one filter character) to
#     the last byte of the frame it causes
#   - CPU used by the dashboard while idle for 10 s
#   - bytes per action (first frame, each tab switch, j) in zh and en at 80x24 and 120x40,
#     beside the text of the frame, and the seconds on a 1,200 B/s link
#     (scripts/frame_bytes.py; `scripts/perf.sh bytes` runs only this part)
# Beside each `check`, in the same run and interleaved with it, the plain parse: the
# villages.toml read and given to `toml::from_str` into a `toml::Table`, nothing else
# (examples/plain_parse.rs), with its wall time and peak memory, and check's time as a
# multiple of it.
#
#   - `scripts/perf.sh storm [N]`: the save storm. The dashboard runs on N villages
#     (default 100000) in a pseudo-terminal; 20 saves 0.35 s apart rewrite every data file
#     (the township name changed to a new marker each time); reported: the most threads
#     seen, the peak memory (VmHWM), and the time from the last save until the frame that
#     shows its marker, next to one `check`'s wall time and peak memory on the same data.
#
#   - `scripts/perf.sh keys [N...]`: key -> frame in a pseudo-terminal at 120x40 on N
#     villages (default 100000 and 500000), idle and while a reload runs: j, k, Tab to each
#     tab, l to each sort column, s, h, o, a filter typed one character at a time, Backspace,
#     Esc, Enter and Esc; median and max per key (scripts/keys.py; VD_KEY_ROUNDS presses of
#     the repeated keys, default 5).
#   - `scripts/perf.sh fresh [ROUNDS]`: save -> frame for each way the data is replaced (the
#     cases of tests/freshness.rs), then the idle CPU over 10 s with events and with polling
#     (scripts/fresh.py).
#   - `scripts/perf.sh county [T] [N]`: a county of T townships (default 9) of N villages
#     each (default 10000): `check` of the whole county (wall, CPU, peak memory, median
#     of 3), beside `check` of one of its townships alone.
#
# usage: scripts/perf.sh [SIZES...]        default sizes: 16 1000 10000 100000 500000
#        scripts/perf.sh bytes             only the bytes per action
#        scripts/perf.sh county [T] [N]    a county of T townships of N villages
#        scripts/perf.sh keys [N...]       key -> frame, idle and while a reload runs
# env:   VD_PERF_DIR   where generated data directories go (default /tmp/vd-perf)
#        VD_IDLE_SECS  idle period to measure (default 10)
#        VD_PERF_BIN   the binary to measure (default: the release build), e.g. an older one
#                      to compare with
#        CARGO_TARGET_DIR is honoured as cargo honours it.
set -euo pipefail
[ -x /usr/bin/time ] || { echo "perf.sh needs GNU time: apt-get install -y time" >&2; exit 1; }
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(16 1000 10000 100000 500000)
target=${CARGO_TARGET_DIR:-target}
data=${VD_PERF_DIR:-/tmp/vd-perf}

cargo build --release --quiet --bin village-dash --example gen_data --example plain_parse
bin="${VD_PERF_BIN:-$target/release/village-dash}"
plain="$target/release/examples/plain_parse"
if [ "${sizes[0]}" = bytes ]; then
    exec python3 scripts/frame_bytes.py "$bin" config
fi
if [ "${sizes[0]}" = fresh ]; then
    python3 scripts/fresh.py "$bin" config "${2:-3}"
    echo
    exec python3 scripts/fresh.py "$bin" config idle "${VD_IDLE_SECS:-10}"
fi
gen="$target/release/examples/gen_data"
if [ "${1:-}" = county ]; then
    t=${2:-9}
    n=${3:-10000}
    dir="$data/county-$t-$n"
    [ -f "$dir/county.toml" ] || "$gen" --county "$t" --villages "$n" --out "$dir" >/dev/null
    echo "machine: $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    exec python3 - "$bin" "$dir" "$t" "$n" <<'PY'
import statistics, subprocess, sys

bin_path, d, t, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def check(path):
    p = subprocess.run(["/usr/bin/time", "-f", "%M %e %U %S", bin_path, "--config", path, "check"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rss, wall, user, sys_ = p.stderr.split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss) / 1024, p.returncode

for label, path in [(f"county of {t} townships x {n} villages", d), (f"one township of {n}", d + "/t01")]:
    runs = [check(path) for _ in range(3)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    codes = {r[3] for r in runs}
    print(f"{label}: check {wall:.2f} s wall ({cpu:.2f} s CPU), peak {rss:.1f} MB, exit {codes}")
PY
fi
if [ "${1:-}" = keys ]; then
    shift
    [ $# -gt 0 ] || set -- 100000 500000
    for n in "$@"; do
        [ -f "$data/$n/training.toml" ] || "$gen" --villages "$n" --out "$data/$n" >/dev/null
        # A copy: the measure touches villages.toml to start reloads.
        keys="$data/keys-$n"
        rm -rf "$keys" && cp -r "$data/$n" "$keys"
        python3 scripts/keys.py "$bin" "$keys" "${VD_KEY_ROUNDS:-5}"
    done
    exit 0
fi
if [ "${1:-}" = storm ]; then
    n=${2:-100000}
    [ -f "$data/$n/training.toml" ] || "$gen" --villages "$n" --out "$data/$n" >/dev/null
    storm="$data/storm-$n"
    rm -rf "$storm" && cp -r "$data/$n" "$storm"
    echo "machine: $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    exec python3 - "$bin" "$storm" <<'PY'
import os, pty, select, struct, fcntl, subprocess, sys, termios, time

bin_path, d = sys.argv[1], sys.argv[2]
p = subprocess.run(["/usr/bin/time", "-f", "%M %e", bin_path, "--config", d, "check"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
rss_kb, wall = p.stderr.split()[-2:]
one_load_mb, one_load_s = int(rss_kb) / 1024, float(wall)
print(f"one load (check): {one_load_s:.2f} s, peak {one_load_mb:.0f} MB")

township = os.path.join(d, "township.toml")
original = open(township, encoding="utf-8").read()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(bin_path, [bin_path, "--config", d, "--lang", "en"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
seen = bytearray()

def pump(timeout):
    r, _, _ = select.select([fd], [], [], timeout)
    if r:
        try:
            seen.extend(os.read(fd, 1 << 20))
        except OSError:
            pass

def status(key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0

start = time.perf_counter()
while b"Synthetic" not in seen and time.perf_counter() - start < 120:
    pump(0.2)
threads = status("Threads:")
resident = status("VmRSS:") / 1024
print(f"dashboard after its first load: {resident:.0f} MB resident, {threads} threads")
markers = [chr(ord("A") + i) * 6 for i in range(20)]
last_save = None
for i, m in enumerate(markers):
    for name in ["villages.toml", "projects.toml", "training.toml", "consortium.toml"]:
        path = os.path.join(d, name)
        os.utime(path)  # touched, as a save that rewrites it
    text = original.replace('name_en = "Synthetic Township"', f'name_en = "Synthetic {m}"')
    offset = len(seen)
    with open(township, "w", encoding="utf-8") as f:
        f.write(text)
    last_save = time.perf_counter()
    until = last_save + 0.35
    while time.perf_counter() < until:
        pump(0.05)
        threads = max(threads, status("Threads:"))
target = markers[-1].encode()
while target not in seen[offset - 200 if offset > 200 else 0:] and time.perf_counter() - last_save < 120:
    pump(0.05)
    threads = max(threads, status("Threads:"))
shown = time.perf_counter() - last_save
peak = status("VmHWM:") / 1024
os.write(fd, b"q")
time.sleep(0.5)
print(f"storm of 20 saves 0.35 s apart: last save shown after {shown:.2f} s "
      f"({shown / one_load_s:.1f}x one load); peak memory {peak:.0f} MB "
      f"({peak / one_load_mb:.1f}x one load); at most {threads} threads")
PY
fi
for n in "${sizes[@]}"; do
    [ -f "$data/$n/training.toml" ] || "$gen" --villages "$n" --out "$data/$n" >/dev/null
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GB;" \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$bin" "$plain" "$data" "${VD_IDLE_SECS:-10}" "${sizes[@]}" <<'PY'
import fcntl, os, pty, select, signal, struct, subprocess, sys, termios, time

sys.path.insert(0, "scripts")
import ptyrun
from ptyrun import drain, stop

bin_path, plain_path, data, idle_secs = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
sizes = [int(s) for s in sys.argv[5:]]
TICK = os.sysconf("SC_CLK_TCK")


def run_check(d):
    """One `check`: wall seconds, CPU seconds, peak RSS in MB."""
    # GNU time reports the peak RSS of the check process alone; a child forked straight
    # from Python would count Python's own memory from before the exec.
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", bin_path, "--config", d, "check"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"check failed on {d}: {p.stderr}")
    rss_kb, user, system = p.stderr.split()[-3:]
    return wall, float(user) + float(system), int(rss_kb) / 1024


def run_plain(d):
    """One plain `toml::from_str` of villages.toml: wall seconds, peak RSS in MB."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", plain_path, os.path.join(d, "villages.toml")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"plain parse failed on {d}: {p.stderr}")
    return wall, int(p.stderr.split()[-1]) / 1024


def check_figures(d, n):
    runs, plains = [], []
    for _ in range(3 if n >= 100000 else 7):  # interleaved: both see the same machine
        runs.append(run_check(d))
        plains.append(run_plain(d))
    walls = sorted(r[0] for r in runs)
    cpus = sorted(r[1] for r in runs)
    plain_walls = sorted(p[0] for p in plains)
    ratios = sorted(r[0] / p[0] for r, p in zip(runs, plains))
    return (walls[len(walls) // 2], cpus[len(cpus) // 2], max(r[2] for r in runs),
            plain_walls[len(plain_walls) // 2], max(p[1] for p in plains), ratios)


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def tui_figures(d):
    pid, fd = ptyrun.start(bin_path, ["--config", d])
    out = {}
    try:
        ptyrun.wait_for_name(fd, d)
        drain(fd, 1.0)
        os.write(fd, b"2")
        drain(fd, 0.5)
        keys = []
        for _ in range(5):  # j, k pairs: the bytes of one move, the median key-to-frame time
            t0 = time.perf_counter()
            os.write(fd, b"j")
            keys.append(drain_timed(fd, t0))
            t0 = time.perf_counter()
            os.write(fd, b"k")
            drain_timed(fd, t0)
        out["j_bytes"] = sorted(b for b, _ in keys)[len(keys) // 2]
        out["j_ms"] = sorted(t for _, t in keys)[len(keys) // 2]
        t0 = time.perf_counter()
        os.write(fd, b"l")  # sort by the next column
        out["sort_ms"] = drain_timed(fd, t0)[1]
        os.write(fd, b"/")
        drain(fd, 0.3)
        t0 = time.perf_counter()
        os.write(fd, b"1")  # one filter character
        out["filter_ms"] = drain_timed(fd, t0)[1]
        os.write(fd, b"\x1b")
        drain(fd, 0.5)
        # Idle: no key, no file change.
        before = cpu_ticks(pid)
        end = time.perf_counter() + idle_secs
        idle_bytes = 0
        while time.perf_counter() < end:
            r, _, _ = select.select([fd], [], [], max(0.0, end - time.perf_counter()))
            if r:
                idle_bytes += len(os.read(fd, 65536))
        out["idle_ms"] = (cpu_ticks(pid) - before) * 1000 / TICK
        out["idle_bytes"] = idle_bytes
    finally:
        stop(pid, fd)
    return out


def drain_timed(fd, t0, quiet=0.3):
    """Bytes caused by a key written at `t0`, and milliseconds from `t0` to the last one."""
    total, last = 0, None
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        total += len(chunk)
        last = time.perf_counter()
    return total, ((last - t0) * 1000 if last else float("nan"))


rows = []
for n in sizes:
    d = os.path.join(data, str(n))
    wall, cpu, rss, plain_wall, plain_rss, ratios = check_figures(d, n)
    t = tui_figures(d)
    rows.append((n, wall, cpu, rss, plain_wall, plain_rss, ratios, t))

print()
print("| villages | check wall | check CPU | check peak RSS | plain parse wall | its peak RSS | check ÷ plain (each run) | j bytes @120x40 | j → frame | sort → frame | filter char → frame | idle CPU (%gs) |" % idle_secs)
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n, wall, cpu, rss, plain_wall, plain_rss, ratios, t in rows:
    shown = "–".join(f"{r:.2f}" for r in (ratios[0], ratios[-1])) if len(ratios) > 1 else f"{ratios[0]:.2f}"
    print(f"| {n:,} | {wall*1000:.0f} ms | {cpu*1000:.0f} ms | {rss:.1f} MB | "
          f"{plain_wall*1000:.0f} ms | {plain_rss:.1f} MB | {shown}× | {t['j_bytes']:,} B | "
          f"{t['j_ms']:.1f} ms | {t['sort_ms']:.1f} ms | {t['filter_ms']:.1f} ms | "
          f"{t['idle_ms']:.0f} ms ({t['idle_bytes']} B written) |")
print()
print("Key-to-frame times are from writing the key to the pty to the last byte of the frame")
print("it causes (the pty adds well under a millisecond); check times are medians of 3-7 runs,")
print("each followed by a plain parse of the same villages.toml; the ratio range is over those pairs.")
PY

echo
echo "Bytes per action (shipped data):"
python3 scripts/frame_bytes.py "$bin" config

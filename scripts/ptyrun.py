"""The dashboard in a pseudo-terminal, for the measuring scripts: starting it, waiting for the
township's name to be drawn, reading what it sends until it is quiet, and ending it. One copy,
used by scripts/frame_bytes.py, scripts/keys.py and scripts/perf.sh."""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time


def start(bin_path, args, rows=40, cols=120):
    """The dashboard with `args` in a pty of `rows` x `cols`, TERM=xterm-256color and colour
    allowed: (pid, fd)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("NO_COLOR", None)
        os.execv(bin_path, [bin_path, *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    return pid, fd


def wait_for_name(fd, d, key="name", limit=300.0):
    """Reads until the township's `key` (from d/township.toml) is drawn: a big directory loads
    behind a loading screen. Returns the seconds it took; exits when it never comes."""
    with open(os.path.join(d, "township.toml"), encoding="utf-8") as f:
        name = re.search(rf'^{key} = "(.*)"', f.read(), re.M).group(1).encode()
    seen, t0 = bytearray(), time.perf_counter()
    while name not in seen and time.perf_counter() - t0 < limit:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                seen.extend(os.read(fd, 1 << 20))
            except OSError:
                break
    if name not in seen:
        sys.exit(f"the dashboard never showed {name.decode()!r} for {d}")
    return time.perf_counter() - t0


def drain(fd, quiet, limit=30.0):
    """Reads until nothing arrives for `quiet` seconds (or `limit` seconds have passed);
    returns (bytes, seconds to the last byte or None)."""
    total, start, last = 0, time.perf_counter(), None
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        total += len(chunk)
        last = time.perf_counter()
        if last - start > limit:
            break
    return total, (last - start) if last else None


def stop(pid, fd):
    """Types `q`, reads what is left, then ends the process (SIGTERM) and reaps it."""
    try:
        os.write(fd, b"q")
        drain(fd, 0.3, limit=5)
    except OSError:
        pass
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)

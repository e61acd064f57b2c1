"""The dashboard in a pseudo-terminal, for the measuring scripts: reading what it sends until
it is quiet, and ending it. One copy, used by scripts/frame_bytes.py and scripts/perf.sh."""
import os, select, signal, time


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

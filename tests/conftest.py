"""Shared fixtures: a real PostgreSQL server on loopback (started here, stopped at the end)."""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import warnings

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL cluster. PostgreSQL refuses to run as root, so as root the data dir
    belongs to the `postgres` user and the server runs as that user."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        warnings.warn("PostgreSQL is not installed: the PostgreSQL tests are SKIPPED")
        pytest.skip("PostgreSQL not installed (make test-deps installs it)")
    bin_dir = bins[-1]
    base = tempfile.mkdtemp(prefix="strife-pg-")
    port = _free_port()
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(base, "postgres", "postgres")
    try:
        subprocess.run(run_as + [f"{bin_dir}/initdb", "-D", f"{base}/data", "-U", "postgres", "--auth=trust"],
                       check=True, capture_output=True, timeout=120)
        subprocess.run(run_as + [f"{bin_dir}/pg_ctl", "-D", f"{base}/data", "-l", f"{base}/pg.log", "-o",
                                 f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "-w", "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as exc:
        warnings.warn(f"PostgreSQL could not be started ({exc}): the PostgreSQL tests are SKIPPED")
        pytest.skip(f"PostgreSQL could not be started: {exc}")
    yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    subprocess.run(run_as + [f"{bin_dir}/pg_ctl", "-D", f"{base}/data", "-m", "fast", "stop"],
                   capture_output=True, timeout=60)
    shutil.rmtree(base, ignore_errors=True)

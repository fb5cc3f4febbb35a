"""`strife serve --workers N`: N uvicorn processes on one port over one SQLite store, reads in
parallel, one ingest at a time across them all."""
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.loopback import LoopbackSite
from tests.serve.conftest import TOKEN, copy_db, free_port


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as fh:
        return [int(child) for child in fh.read().split()]


@pytest.fixture(scope="module")
def served(sample_db, tmp_path_factory):
    """`strife serve --workers 2` in its own process group, allowed to fetch 127.0.0.1."""
    db = copy_db(sample_db, str(tmp_path_factory.mktemp("workers") / "workers.db"))
    port = free_port()
    env = {**os.environ, "STRIFE_TOKEN": TOKEN, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "strife.cli", "serve", "--db", db, "--port", str(port), "--workers", "2",
         "--allow-fetch", "127.0.0.1", "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/summary", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"strife serve --workers 2 did not start: {process.stdout.read().decode()[-2000:]}")
        time.sleep(0.2)
    yield base, process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_two_workers_serve_one_store(served):
    base, process = served
    workers = [pid for pid in _children(process.pid) if "spawn_main" in open(f"/proc/{pid}/cmdline").read()]
    assert len(workers) == 2, workers
    with httpx.Client(base_url=base, timeout=30) as http:
        baseline = http.get("/api/incidents", params={"country": "IQ"}).json()["total"]
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: http.get("/api/incidents", params={"country": "IQ"}), range(32)))
    assert all(a.status_code == 200 and a.json()["total"] == baseline for a in answers)


def test_ingests_through_any_worker_are_seen_by_all(served):
    base, _process = served
    auth = {"Authorization": f"Bearer {TOKEN}"}
    articles = [(f"report{n}.txt", (f"GALKAYO, Somalia - A roadside bomb struck a minibus near Galkayo on Monday, "
                                    f"killing {n + 2} passengers, police said. Report {n}.").encode()) for n in range(4)]
    with LoopbackSite() as site, httpx.Client(base_url=base, timeout=120) as http:
        before = http.get("/api/summary").json()["documents"]
        with ThreadPoolExecutor(4) as pool:  # concurrent ingests land on both workers; the lock takes them in turn
            uploads = list(pool.map(lambda item: http.post("/api/ingest", headers=auth, files={"file": item}),
                                    articles))
        fetched = http.post("/api/ingest", headers=auth, data={"url": f"{site.base}/feed.xml"})
        assert [u.status_code for u in uploads] == [200] * 4 and all(u.json()["errors"] == [] for u in uploads)
        assert fetched.json()["documents"] == 1, fetched.text
        counts = {http.get("/api/summary").json()["documents"] for _ in range(10)}  # asked of both workers
        assert counts == {before + len(articles) + 1}


def test_the_ingest_lock_holds_across_processes(tmp_path):
    from strife.serve.app import IngestLock

    lock = IngestLock(f"sqlite:///{tmp_path}/lock-test.db")
    probe = ("import fcntl, sys\nwith open(sys.argv[1], 'a+b') as fh:\n"
             "    try:\n        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)\n    except BlockingIOError:\n"
             "        sys.exit(3)\n")
    with lock:
        held = subprocess.run([sys.executable, "-c", probe, str(lock.path)], timeout=30)
    free = subprocess.run([sys.executable, "-c", probe, str(lock.path)], timeout=30)
    assert held.returncode == 3 and free.returncode == 0

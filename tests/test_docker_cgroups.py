"""Where a Docker worker's box cgroups go, under the cgroupfs and the systemd cgroup drivers, on
cgroup v1 and v2: found from the container's own /proc/<pid>/cgroup, never assumed.

Pure path logic over fake /proc/<pid>/cgroup texts and fake cgroup trees (this machine's daemon
uses one driver only); the Docker tests check the real thing on the driver this machine has.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("docker")
from judge.sandbox import docker_backend as db  # noqa: E402

NAME = "ioi-box-4242-0-a1b2c3"
CID = "0123456789abcdef" * 4

# /proc/<container pid>/cgroup as the host reads it, per driver and cgroup version.
V1_CGROUPFS = f"""12:freezer:/ioi-agent-workers/{NAME}/{CID}
11:pids:/ioi-agent-workers/{NAME}/{CID}
7:cpu,cpuacct:/ioi-agent-workers/{NAME}/{CID}
5:memory:/ioi-agent-workers/{NAME}/{CID}
1:name=systemd:/ioi-agent-workers/{NAME}/{CID}
0::/
"""
V1_SYSTEMD = f"""10:memory:/ioiagent.slice/ioiagent-ioibox42420a1b2c3.slice/docker-{CID}.scope
6:pids:/ioiagent.slice/ioiagent-ioibox42420a1b2c3.slice/docker-{CID}.scope
3:cpu,cpuacct:/ioiagent.slice/ioiagent-ioibox42420a1b2c3.slice/docker-{CID}.scope
1:name=systemd:/ioiagent.slice/ioiagent-ioibox42420a1b2c3.slice/docker-{CID}.scope
"""
V2_SYSTEMD = f"0::/ioiagent.slice/ioiagent-ioibox42420a1b2c3.slice/docker-{CID}.scope\n"
V2_CGROUPFS = f"0::/ioi-agent-workers/{NAME}/{CID}\n"
V2_DEFAULT_SYSTEMD = f"0::/system.slice/docker-{CID}.scope\n"  # no --cgroup-parent: not where boxes go
V2_PRIVATE_NS = "0::/\n"  # what the container itself reads with a private cgroup namespace


def test_the_slice_layout_nests_as_systemd_reads_dashes():
    assert db.worker_cgroup_rel(NAME, "systemd") == "ioiagent.slice/ioiagent-ioibox42420a1b2c3.slice"
    assert db.cgroup_parent_option(NAME, "systemd") == "ioiagent-ioibox42420a1b2c3.slice"
    assert db.worker_cgroup_rel(NAME, "cgroupfs") == f"ioi-agent-workers/{NAME}"
    assert db.cgroup_parent_option(NAME, "cgroupfs") == f"/ioi-agent-workers/{NAME}"


@pytest.mark.parametrize("text, version, driver", [
    (V1_CGROUPFS, "v1", "cgroupfs"), (V1_SYSTEMD, "v1", "systemd"),
    (V2_CGROUPFS, "v2", "cgroupfs"), (V2_SYSTEMD, "v2", "systemd"),
])  # fmt: skip
def test_the_container_is_found_under_its_worker_cgroup(text, version, driver):
    assert db.container_cgroup_parent(text, version) == db.worker_cgroup_rel(NAME, driver)


@pytest.mark.parametrize("text, version", [
    (V2_DEFAULT_SYSTEMD, "v2"), (V2_PRIVATE_NS, "v2"), (V1_CGROUPFS, None), ("", "v1"), ("garbage\n", "v2"),
    (f"5:memory:/a/{CID}\n11:pids:/b/{CID}\n", "v1"),  # memory and pids disagree: no single parent
])  # fmt: skip
def test_a_container_elsewhere_is_not_taken_for_a_worker(text, version):
    parent = db.container_cgroup_parent(text, version)
    assert parent not in (db.worker_cgroup_rel(NAME, "cgroupfs"), db.worker_cgroup_rel(NAME, "systemd"))


def test_combined_v1_controllers_are_each_known():
    paths = db.parse_proc_cgroup(V1_SYSTEMD)
    assert paths["cpu"] == paths["cpuacct"] == paths["memory"] and "name=systemd" not in paths


@given(st.lists(st.from_regex(r"[a-z0-9.\-]{1,12}", fullmatch=True), min_size=1, max_size=5))
def test_the_parent_is_the_path_less_its_last_part(parts):
    path = "/" + "/".join(parts)
    parent = db.container_cgroup_parent(f"0::{path}\n", "v2")
    assert parent == ("/".join(parts[:-1]) or None)


def fake_tree(root: Path, version: str) -> Path:
    if version == "v2":
        root.mkdir()
        (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    else:
        for c in ("memory", "pids", "cpuacct", "freezer"):
            (root / c).mkdir(parents=True)
    return root


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("driver", db.DRIVERS)
def test_worker_dirs_in_a_fake_tree(tmp_path, version, driver):
    root = fake_tree(tmp_path / "cg", version)
    dirs = db.worker_cgroup_dirs(NAME, driver, root)
    rel = db.worker_cgroup_rel(NAME, driver)
    if version == "v2":
        assert dirs == [(root / rel, db.BOX_CGROUP_ROOT)]
    else:
        assert dirs == [(root / c / rel, f"{db.BOX_CGROUP_ROOT}/{c}") for c in ("memory", "pids", "cpuacct", "freezer")]
    for host, _ in dirs:  # a worker of each layout is found again by name when its container is gone
        host.mkdir(parents=True)
    found = db._worker_cgroup_names(root)
    assert found == {NAME if driver == "cgroupfs" else NAME.replace("-", "")}


def test_no_hierarchy_no_dirs(tmp_path):
    (tmp_path / "empty").mkdir()
    assert db.worker_cgroup_dirs(NAME, "systemd", tmp_path / "empty") == []
    assert db._worker_cgroup_names(tmp_path / "empty") == set()


class FakeClient:
    def __init__(self, driver: str):
        self.driver = driver

    def info(self):
        return {"CgroupDriver": self.driver}


def test_support_names_the_driver_and_refuses_an_unknown_one(monkeypatch):
    import os

    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(db, "cgroup_version", lambda root=None: "v2")
    ok, why = db.worker_cgroup_support(FakeClient("systemd"))
    assert ok and "systemd driver" in why and "ioiagent.slice" in why
    ok, why = db.worker_cgroup_support(FakeClient("weird"))
    assert not ok and "'weird'" in why
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    ok, why = db.worker_cgroup_support(FakeClient("cgroupfs"))
    assert not ok and "not root" in why

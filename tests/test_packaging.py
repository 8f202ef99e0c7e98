"""A real, non-editable install: the project is built into a wheel and
installed into a fresh virtual environment, then ``postlint`` runs from an
unrelated directory and must find its rule packs there.

The wheel is built with the development environment's setuptools and wheel
(``--no-build-isolation``: nothing is downloaded), and installed with pip's
``--python`` option so the new environment needs no pip of its own. The
runtime dependencies (regex, phonenumbers, ...) are borrowed from the
development environment through PYTHONPATH; the postlint code and data come
only from the fresh install."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "node_modules", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", "var",
    "test-output", ".pytest_cache", ".hypothesis", "tests", "extension", "bench", "docs",
)
ARREST = "Officers have arrested Callum Pexton, 31, on suspicion of affray.\n"


def run(args):
    completed = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    return completed


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("packaging")
    source = base / "checkout"
    shutil.copytree(ROOT, source, ignore=NOT_SHIPPED)
    dist = base / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation", "--no-deps", "--no-index",
         "--wheel-dir", dist, source])
    wheels = list(dist.glob("postlint-*.whl"))
    assert len(wheels) == 1
    venv = base / "fresh"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-deps",
         "--no-index", wheels[0]])
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "PYTHONPATH": sysconfig.get_paths()["purelib"], "HOME": str(base)}
    workdir = base / "elsewhere"
    workdir.mkdir()
    return venv, env, workdir


def test_the_installed_command_finds_its_rule_packs_from_any_directory(installed):
    venv, env, workdir = installed
    (workdir / "post.txt").write_text(ARREST, encoding="utf-8")
    checked = subprocess.run([venv / "bin" / "postlint", "check", "post.txt"], capture_output=True, text=True,
                             cwd=workdir, env=env, timeout=120)
    assert checked.returncode == 1, checked.stderr
    assert "post.txt:1:24: block:" in checked.stdout
    assert "[arrest.named-suspect]" in checked.stdout
    clean = subprocess.run([venv / "bin" / "postlint", "check", "-"], input="Lovely sunrise.", capture_output=True,
                           text=True, cwd=workdir, env=env, timeout=120)
    assert clean.returncode == 0, clean.stderr


def test_the_code_and_packs_come_from_the_fresh_install(installed):
    venv, env, workdir = installed
    probe = ("import linter, linter.data, postlint_rules;"
             "print(linter.__file__); print(linter.data.rules_dir())")
    where = subprocess.run([venv / "bin" / "python", "-c", probe], capture_output=True, text=True, cwd=workdir,
                           env=env, timeout=60)
    assert where.returncode == 0, where.stderr
    code, rules = where.stdout.split()
    assert Path(code).is_relative_to(venv) and Path(rules).is_relative_to(venv)


def test_every_pack_profile_and_word_list_is_in_the_wheel(installed):
    venv, env, workdir = installed
    probe = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run([venv / "bin" / "python", "-c", probe], capture_output=True, text=True, env=env,
                             timeout=60).stdout.strip()
    shipped = Path(purelib) / "postlint_rules"
    wanted = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*")
                    if p.suffix in (".toml", ".txt") and "__pycache__" not in p.parts)
    assert wanted
    assert [name for name in wanted if not (shipped / name).is_file()] == []


def test_the_installed_command_reads_the_example_settings_and_serves_healthz_for_the_container_check(
        installed, tmp_path):
    """deploy/postlint.toml is a settings file the installed postlint accepts, and the Dockerfile's
    HEALTHCHECK command passes against the installed server (and fails once it is gone)."""
    import re
    import signal
    import socket
    import time
    venv, env, workdir = installed
    local = {**env, "POSTLINT_DB": str(tmp_path / "p.db")}  # the example's /var/lib/postlint is not ours
    checked = subprocess.run([venv / "bin" / "postlint", "config", "check", "--config", ROOT / "deploy" / "postlint.toml"],
                             capture_output=True, text=True, cwd=workdir, env=local, timeout=60)
    assert checked.returncode == 0 and checked.stdout.rstrip().endswith("settings OK"), checked.stdout
    container = subprocess.run([venv / "bin" / "postlint", "config", "check", "--config",
                                ROOT / "deploy" / "container.toml"], capture_output=True, text=True, cwd=workdir,
                               env=local, timeout=60)
    assert container.returncode == 0, container.stdout
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    health = re.search(r'HEALTHCHECK .*\\\n\s+CMD \["python", "-c", "(.*)"\]', dockerfile)
    assert health, "no HEALTHCHECK"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    check_code = health.group(1).replace("8080", str(port))
    server = subprocess.Popen([venv / "bin" / "postlint", "serve", "--port", str(port), "--workers", "1"],
                              cwd=workdir, env=local, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            done = subprocess.run([venv / "bin" / "python", "-c", check_code], env=env, capture_output=True,
                                  timeout=30)
            if done.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert done.returncode == 0, done.stderr
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    gone = subprocess.run([venv / "bin" / "python", "-c", check_code], env=env, capture_output=True, timeout=30)
    assert gone.returncode != 0


def test_the_container_runs_the_wheel_as_an_unprivileged_user():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "pip wheel" in dockerfile and "--no-index --find-links /wheels postlint" in dockerfile
    users = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "tests" in ignored and ".venv" in ignored and "!deploy/container.toml" in ignored

"""The deployment files agree with each other and with the settings: the systemd unit, the example
settings and the nginx site (the Dockerfile and the wheel: tests/test_packaging.py)."""
from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SETTINGS = tomllib.loads((DEPLOY / "postlint.toml").read_text())


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "postlint.service")
    return parser


def test_the_unit_runs_postlint_unprivileged_with_the_settings_file_and_its_own_folders():
    service = unit()["Service"]
    assert service["User"] == "postlint" and service["ExecStart"] == "/opt/postlint/bin/postlint serve"
    assert service["ExecStartPre"] == "/opt/postlint/bin/postlint config check"
    environment = (DEPLOY / "postlint.service").read_text()
    assert "Environment=POSTLINT_CONFIG=/etc/postlint/postlint.toml" in environment
    # The database the settings name is in the folder systemd makes for the service.
    assert SETTINGS["db"].startswith(f"/var/lib/{service['StateDirectory']}/")
    assert re.search(rf"Environment=PROMETHEUS_MULTIPROC_DIR=/run/{service['RuntimeDirectory']}/", environment)
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"


def test_systemd_accepts_the_unit():
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed; the unit's content is checked above")
    done = subprocess.run(["systemd-analyze", "verify", str(DEPLOY / "postlint.service")], capture_output=True,
                          text=True, timeout=60)
    # The one complaint allowed: postlint is not installed in /opt on the test machine.
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if line.strip() and "/opt/postlint/bin/postlint is not executable" not in line]
    assert problems == []


def test_the_proxy_is_the_one_hop_the_settings_trust():
    site = (DEPLOY / "nginx.conf").read_text()
    assert SETTINGS["behind_proxy"] is True and SETTINGS["host"] == "127.0.0.1"
    assert f"proxy_pass http://127.0.0.1:{SETTINGS['port']};" in site
    # Set, not appended to: what a client claims never reaches postlint.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "$proxy_add_x_forwarded_for" not in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert re.search(r"location = /metrics \{ return 404; \}", site)
    assert "ssl_certificate " in site and "return 301 https://" in site
    assert "$request_uri" not in site.split("log_format", 1)[1].split(";", 1)[0]  # no query strings in logs

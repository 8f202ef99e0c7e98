"""Where the browser tests find Chromium and how they launch it.

Playwright cannot download browsers on these machines, so tests drive Debian's
``chromium`` package (or any Chrome named by ``POSTLINT_CHROMIUM``). When it is
missing and we run as root, it is installed with apt-get; otherwise the test is
skipped with a message that says exactly what to do.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"

BASE_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _install_with_apt() -> str | None:
    """Install Debian's chromium package; returns a reason on failure."""
    if shutil.which("apt-get") is None:
        return "apt-get is not available"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-400:]}"
    return None


def chromium_path() -> str:
    """The browser executable: $POSTLINT_CHROMIUM, else /usr/bin/chromium.

    A configured path that does not exist is a mistake to report, not to paper
    over by installing something else.
    """
    configured = os.environ.get("POSTLINT_CHROMIUM")
    if configured:
        if not os.path.exists(configured):
            pytest.skip(f"!!! POSTLINT_CHROMIUM={configured} does not exist: "
                        "point it at a Chrome or Chromium binary !!!")
        return configured
    if os.path.exists(DEFAULT_CHROMIUM):
        return DEFAULT_CHROMIUM
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        reason = _install_with_apt()
        if reason is None and os.path.exists(DEFAULT_CHROMIUM):
            return DEFAULT_CHROMIUM
    else:
        reason = "not running as root, so it cannot be installed automatically"
    pytest.skip(f"!!! BROWSER TESTS SKIPPED: no Chromium at {DEFAULT_CHROMIUM} ({reason}). "
                "Run `apt-get install -y chromium` or set POSTLINT_CHROMIUM !!!")


def browser_args(extension_dir: str | os.PathLike | None = None) -> list[str]:
    """Launch arguments, loading one unpacked extension when given."""
    args = list(BASE_ARGS)
    if extension_dir is not None:
        path = os.fspath(extension_dir)
        args += [f"--disable-extensions-except={path}", f"--load-extension={path}"]
    return args

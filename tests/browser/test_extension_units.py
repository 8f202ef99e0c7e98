"""Runs the extension's table tests for its pure helpers with node's built-in test runner."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_extension_helpers_pass_their_node_table_tests():
    node = shutil.which("node")
    if node is None:
        pytest.skip("!!! EXTENSION UNIT TESTS SKIPPED: node is not installed (apt-get install -y nodejs) !!!")
    done = subprocess.run([node, "--test", "extension/tests/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    passed = re.search(r"^# pass (\d+)", output, re.MULTILINE)
    failed = re.search(r"^# fail (\d+)", output, re.MULTILINE)
    assert passed and int(passed.group(1)) >= 40, output[-2000:]
    assert failed and int(failed.group(1)) == 0

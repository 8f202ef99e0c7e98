"""``make extension``: what goes into the packages, the fixed id, the icons, and the policy notes in
the README (Chrome and Edge) agreeing with the extension's schema and id."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
sys.path.insert(0, str(EXTENSION / "build"))

import package  # noqa: E402

MANIFEST = json.loads((EXTENSION / "manifest.json").read_text())
EXTENSION_ID = package.id_of_manifest_key(MANIFEST["key"])
SCHEMA_KEYS = set(json.loads((EXTENSION / "managed_schema.json").read_text())["properties"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("extension")
    done = subprocess.run([sys.executable, str(EXTENSION / "build" / "package.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return out, done.stdout


def test_the_id_is_chromes_id_for_the_key():
    # Chrome's rule on a known key: the SHA-256 of the key's bytes, first 32 hex digits, 0-f as a-p.
    digest = hashlib.sha256(b"postlint").hexdigest()[:32]
    assert package.extension_id(b"postlint") == digest.translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop"))
    assert re.fullmatch(r"[a-p]{32}", EXTENSION_ID)


def test_the_zips_hold_the_extension_and_nothing_else(built):
    out, printed = built
    version = MANIFEST["version"]
    for name in (f"postlint-extension-{version}.zip", f"postlint-extension-{version}-store.zip"):
        with zipfile.ZipFile(out / name) as archive:
            names = archive.namelist()
            manifest = json.loads(archive.read("manifest.json"))
        assert not [n for n in names if n.startswith(("tests/", "build/", "node_modules/")) or n == "package.json"
                    or "/." in n or n.startswith(".")], names
        for needed in ("manifest.json", "managed_schema.json", "background/worker.js", "shared/managed.js",
                       "options/options.html", *manifest["icons"].values()):
            assert needed in names, (name, needed)
        # Everything the manifest names is in the package.
        named = [manifest["background"]["service_worker"], manifest["options_ui"]["page"],
                 manifest["storage"]["managed_schema"], *manifest["action"]["default_icon"].values()]
        assert all(path in names for path in named)
        if name.endswith("-store.zip"):
            assert "key" not in manifest  # the stores refuse a key and give their own id
        else:
            assert manifest["key"] == MANIFEST["key"]
    assert f"chrome-extension://{EXTENSION_ID}" in printed


def test_a_forces_own_key_gives_its_own_id_a_signed_crx_and_an_update_manifest(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("!!! openssl is not installed (apt-get install openssl) !!!")
    key = tmp_path / "keys" / "force.pem"
    built = package.build(tmp_path / "out", key, "https://intranet.example.police.uk/postlint/")
    assert key.stat().st_mode & 0o077 == 0
    assert built["id"] != EXTENSION_ID
    with zipfile.ZipFile(built["zip"]) as archive:
        assert package.id_of_manifest_key(json.loads(archive.read("manifest.json"))["key"]) == built["id"]
    updates = built["updates"].read_text()
    assert f"appid='{built['id']}'" in updates and f"version='{MANIFEST['version']}'" in updates
    assert "codebase='https://intranet.example.police.uk/postlint/postlint-extension-" in updates
    again = package.build(tmp_path / "again", key)  # the same key, the same id
    assert again["id"] == built["id"]
    if "crx" in built:  # packed by Chromium when it is installed
        assert built["crx"].read_bytes()[:4] == b"Cr24"


@pytest.mark.parametrize("size", [16, 32, 48, 128])
def test_the_icons_are_pngs_of_their_size(size):
    data = (EXTENSION / "icons" / f"icon-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (size, size)
    assert MANIFEST["icons"][str(size)] == f"icons/icon-{size}.png"


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"## {title}")
    following = text.find("\n## ", start + 3)
    return text[start:following if following > 0 else None]


def test_the_readmes_chrome_and_edge_policies_name_the_schemas_keys_and_the_id():
    section = _readme_section("Running it for a force")
    blocks = re.findall(r"```json\n(.*?)```", section, re.DOTALL)
    policies = [json.loads(block) for block in blocks if "3rdparty" in block]
    assert policies, "no Chrome policy example"
    for policy in policies:
        values = policy["3rdparty"]["extensions"][EXTENSION_ID]
        assert set(values) <= SCHEMA_KEYS and "apiBase" in values
    registry = re.findall(r"```reg\n(.*?)```", section, re.DOTALL)
    assert registry, "no Edge registry example"
    edge = registry[0]
    assert rf"SOFTWARE\Policies\Microsoft\Edge\3rdparty\extensions\{EXTENSION_ID}\policy" in edge
    named = set(re.findall(r'^"([A-Za-z]+)"=', edge, re.MULTILINE))
    lists = set(re.findall(r"\\policy\\([A-Za-z]+)\]", edge))  # a list is a subkey of numbered values
    assert named <= SCHEMA_KEYS and "apiBase" in named and lists and lists <= SCHEMA_KEYS
    # The example settings file allows exactly this extension's origin.
    assert f'cors_origins = ["chrome-extension://{EXTENSION_ID}"]' in (ROOT / "deploy" / "postlint.toml").read_text()

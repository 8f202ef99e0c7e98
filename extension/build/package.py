"""``make extension``: the extension as the files a force installs, without its tests or build tools.

Writes to ``--out`` (default ``dist/extension``):

* ``postlint-extension-<version>.zip``: the manifest keeps its ``key``, so the extension id is
  fixed (the repository's key, or the force's own with ``--key``) and the server's
  ``cors_origins`` can name ``chrome-extension://<id>`` exactly;
* ``postlint-extension-<version>-store.zip``: the same without ``key``, for the Chrome Web Store
  and Edge Add-ons, which refuse one and give the item an id of their own;
* with ``--key PEM`` (made if the file does not exist, readable by its owner only): the manifest
  carries that key's public half, and, when Chromium is here, ``postlint-extension-<version>.crx``
  signed with it; with ``--update-url`` also ``updates.xml``, the self-hosted update manifest that
  Chrome and Edge policy point at.

Prints the id and the origin to allow.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

EXTENSION = Path(__file__).resolve().parents[1]
# Not part of the extension a browser runs.
LEFT_OUT = {"tests", "build", "node_modules", "package.json"}
ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # fixed, so the same source gives the same zip


class PackageError(Exception):
    pass


def shipped_files(root: Path = EXTENSION) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_dir() or relative.parts[0] in LEFT_OUT or any(part.startswith(".") for part in relative.parts):
            continue
        files.append(relative)
    return files


def extension_id(public_key_der: bytes) -> str:
    """Chrome's id for a key: the first 32 hex digits of its SHA-256, written with a-p."""
    return "".join(chr(ord("a") + int(digit, 16)) for digit in hashlib.sha256(public_key_der).hexdigest()[:32])


def id_of_manifest_key(key: str) -> str:
    return extension_id(base64.b64decode(key))


def public_key_of(pem: Path) -> bytes:
    if not pem.exists():
        pem.parent.mkdir(parents=True, exist_ok=True)
        _openssl("genrsa", "-out", str(pem), "2048")
        os.chmod(pem, 0o600)
        print(f"made a new key {pem}: keep it safe, every update must be signed with it", file=sys.stderr)
    return _openssl("rsa", "-in", str(pem), "-pubout", "-outform", "DER")


def _openssl(*args: str) -> bytes:
    if shutil.which("openssl") is None:
        raise PackageError("openssl is needed for --key (apt-get install openssl)")
    done = subprocess.run(["openssl", *args], capture_output=True)
    if done.returncode != 0:
        raise PackageError(f"openssl {args[0]} failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    return done.stdout


def write_zip(target: Path, manifest: dict, files: list[Path], root: Path = EXTENSION) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in files:
            info = zipfile.ZipInfo(relative.as_posix(), ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode() \
                if relative.as_posix() == "manifest.json" else (root / relative).read_bytes()
            archive.writestr(info, data)


def update_manifest(extension: str, version: str, codebase: str) -> str:
    return ("<?xml version='1.0' encoding='UTF-8'?>\n"
            "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n"
            f"  <app appid='{extension}'>\n"
            f"    <updatecheck codebase='{codebase}' version='{version}' />\n"
            "  </app>\n"
            "</gupdate>\n")


def pack_crx(manifest: dict, files: list[Path], pem: Path, target: Path) -> bool:
    """Sign a CRX with Chromium's own packer; False when no Chromium is here."""
    browser = os.environ.get("POSTLINT_CHROMIUM") or shutil.which("chromium") or shutil.which("google-chrome")
    if not browser:
        return False
    with tempfile.TemporaryDirectory() as work:
        unpacked = Path(work) / "postlint"
        for relative in files:
            (unpacked / relative).parent.mkdir(parents=True, exist_ok=True)
            if relative.as_posix() == "manifest.json":
                (unpacked / relative).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
            else:
                shutil.copyfile(EXTENSION / relative, unpacked / relative)
        done = subprocess.run([browser, "--headless", "--no-sandbox", f"--user-data-dir={work}/profile",
                               f"--pack-extension={unpacked}", f"--pack-extension-key={pem.resolve()}"],
                              capture_output=True, text=True, timeout=120)
        packed = Path(work) / "postlint.crx"
        if not packed.exists():
            raise PackageError(f"chromium could not pack the extension: {done.stderr.strip()[-300:]}")
        shutil.copyfile(packed, target)
    return True


def build(out: Path, key: Path | None = None, update_url: str | None = None) -> dict:
    manifest = json.loads((EXTENSION / "manifest.json").read_text())
    if key is not None:
        manifest["key"] = base64.b64encode(public_key_of(key)).decode()
    version = manifest["version"]
    files = shipped_files()
    out.mkdir(parents=True, exist_ok=True)
    built = {"id": id_of_manifest_key(manifest["key"]), "version": version}
    built["zip"] = out / f"postlint-extension-{version}.zip"
    write_zip(built["zip"], manifest, files)
    store = {name: value for name, value in manifest.items() if name != "key"}
    built["store_zip"] = out / f"postlint-extension-{version}-store.zip"
    write_zip(built["store_zip"], store, files)
    if key is not None:
        crx = out / f"postlint-extension-{version}.crx"
        if pack_crx(manifest, files, key, crx):
            built["crx"] = crx
        if update_url:
            built["updates"] = out / "updates.xml"
            built["updates"].write_text(update_manifest(built["id"], version,
                                                        f"{update_url.rstrip('/')}/{crx.name}"))
    return built


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="package the postlint extension")
    parser.add_argument("--out", type=Path, default=Path("dist/extension"))
    parser.add_argument("--key", type=Path, help="the force's signing key (PEM); made if it does not exist")
    parser.add_argument("--update-url", help="where the .crx will be served from, for updates.xml")
    args = parser.parse_args(argv)
    try:
        built = build(args.out, args.key, args.update_url)
    except PackageError as exc:
        print(f"make extension: {exc}", file=sys.stderr)
        return 1
    for name in ("zip", "store_zip", "crx", "updates"):
        if name in built:
            print(built[name])
    print(f"extension id {built['id']}: set cors_origins = [\"chrome-extension://{built['id']}\"] on the server")
    if args.key is not None and "crx" not in built:
        print("no Chromium here, so no .crx: pack the zip's contents with chrome --pack-extension and this key",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

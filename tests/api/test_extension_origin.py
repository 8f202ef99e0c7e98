"""CORS can name the extension's exact origin, now that the manifest's key fixes its id."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "extension" / "build"))

from package import id_of_manifest_key  # noqa: E402

EXTENSION_ID = id_of_manifest_key(json.loads((ROOT / "extension" / "manifest.json").read_text())["key"])


def test_only_the_named_extension_gets_cors(make_app):
    origin = f"chrome-extension://{EXTENSION_ID}"
    client = make_app(CORS_ORIGINS=(origin,)).test_client()
    allowed = client.options("/v1/lint", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "authorization,content-type"})
    assert allowed.headers.get("Access-Control-Allow-Origin") == origin
    other = client.options("/v1/lint", headers={"Origin": "chrome-extension://" + "a" * 32,
                                                "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in other.headers

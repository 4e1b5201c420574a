"""The phone app's files as the server hands them out, and the upload format it relies on."""
from __future__ import annotations

import io
import json
import re

from PIL import Image

from app.mobile import STATIC_DIR
from tests.factories import login, make_user
from tests.web.helpers import SAMPLE_IMAGE, make_trip


def _get(client, path: str):
    """GET a static file and close it (the server streams files; an open one is a warning)."""
    resp = client.get(path)
    resp.get_data()
    resp.close()
    return resp


def test_the_shell_is_served_at_m_with_a_strict_content_security_policy(client):
    resp = _get(client, "/m/")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert '<html lang="ko">' in html and 'name="viewport"' in html
    assert '<script type="module" src="/m/js/app.js">' in html
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe" not in csp
    assert resp.headers["Cache-Control"] == "no-cache"


def test_the_service_worker_controls_m_and_is_never_cached_by_http(client):
    resp = _get(client, "/m/sw.js")
    assert resp.status_code == 200 and resp.mimetype == "text/javascript"
    assert resp.headers["Service-Worker-Allowed"] == "/m/"
    assert resp.headers["Cache-Control"] == "no-cache"


def test_every_file_the_service_worker_precaches_exists(client):
    sw = (STATIC_DIR / "sw.js").read_text()
    shell = re.search(r"const SHELL = \[(.*?)\];", sw, re.S).group(1)
    paths = re.findall(r"'(/m/[^']*)'", shell)
    assert "/m/js/app.js" in paths and "/m/" in paths
    for path in paths:
        assert _get(client, path).status_code == 200, path
    modules = {f"/m/{p.relative_to(STATIC_DIR).as_posix()}" for p in (STATIC_DIR / "js").rglob("*.js")}
    assert modules <= set(paths), "a module missing from the shell would break the app offline"


def test_the_manifest_makes_the_app_installable_with_real_icons(client):
    resp = _get(client, "/m/manifest.webmanifest")
    assert resp.mimetype == "application/manifest+json"
    manifest = json.loads(resp.get_data(as_text=True))
    assert manifest["scope"] == "/m/" and manifest["start_url"].startswith("/m/")
    assert manifest["display"] == "standalone" and manifest["lang"] == "ko"
    sizes = set()
    for icon in manifest["icons"]:
        png = _get(client, icon["src"])
        assert png.mimetype == "image/png"
        with Image.open(io.BytesIO(png.data)) as img:
            assert f"{img.width}x{img.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert any(i.get("purpose") == "maskable" for i in manifest["icons"])


def test_unknown_files_and_paths_outside_the_app_are_404(client):
    assert _get(client, "/m/nothing.js").status_code == 404
    assert _get(client, "/m/../app/config.py").status_code == 404
    assert _get(client, "/m/js/../../__init__.py").status_code == 404
    assert _get(client, "/m/make_icons.py").status_code == 404


def _app_upload_body(key: str, data: bytes, filename: str) -> tuple[bytes, str]:
    """The multipart body exactly as js/api.js builds it: the boundary comes from the key."""
    boundary = f"yeobi-{key}"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: image/png\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_retried_upload_from_the_outbox_creates_one_receipt(client):
    traveler = make_user("kim")
    trip = make_trip(traveler, status="draft")
    headers = login(client, "kim")
    body, content_type = _app_upload_body("3f2a-offline-1", SAMPLE_IMAGE.read_bytes(), "영수증.png")
    send = {"data": body, "content_type": content_type,
            "headers": {**headers, "Idempotency-Key": "3f2a-offline-1"}}
    first = client.post(f"/api/v1/trips/{trip.id}/receipts", **send)
    again = client.post(f"/api/v1/trips/{trip.id}/receipts", **send)
    assert first.status_code == again.status_code == 202
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert first.get_json()["filename"] == "영수증.png"
    listed = client.get(f"/api/v1/trips/{trip.id}/receipts", headers=headers).get_json()["items"]
    assert [r["id"] for r in listed] == [first.get_json()["id"]]


def test_a_new_photo_gets_a_new_key_and_a_new_receipt(client):
    traveler = make_user("kim")
    trip = make_trip(traveler, status="draft")
    headers = login(client, "kim")
    ids = []
    for key in ("photo-a", "photo-b"):
        body, content_type = _app_upload_body(key, SAMPLE_IMAGE.read_bytes(), "r.png")
        resp = client.post(f"/api/v1/trips/{trip.id}/receipts", data=body, content_type=content_type,
                           headers={**headers, "Idempotency-Key": key})
        ids.append(resp.get_json()["id"])
    assert len(set(ids)) == 2

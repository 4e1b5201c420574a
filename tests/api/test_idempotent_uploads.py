"""A retried multipart upload with the same Idempotency-Key stores one receipt, whatever the boundary."""
from __future__ import annotations

from app.extensions import db
from tests.api.receipt_support import jpeg_bytes, make_trip
from tests.factories import login, make_user


def _multipart(boundary: str, data: bytes, filename: str = "ticket.jpg") -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()


def _post(client, headers, trip_id, boundary, data, filename="ticket.jpg"):
    return client.post(f"/api/v1/trips/{trip_id}/receipts", data=_multipart(boundary, data, filename),
                       headers={**headers, "Idempotency-Key": "photo-1"},
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_retried_upload_with_a_new_boundary_is_replayed_not_stored_twice(client):
    traveler = make_user()
    trip = make_trip(traveler)
    db.session.commit()
    headers = login(client, traveler.username)
    photo = jpeg_bytes()
    first = _post(client, headers, trip.id, "----boundaryAAA", photo)
    again = _post(client, headers, trip.id, "----boundaryBBB", photo)
    assert first.status_code == again.status_code == 202
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    listed = client.get(f"/api/v1/trips/{trip.id}/receipts", headers=headers).get_json()["items"]
    assert len(listed) == 1


def test_the_same_key_with_another_photo_is_refused(client):
    traveler = make_user()
    trip = make_trip(traveler)
    db.session.commit()
    headers = login(client, traveler.username)
    _post(client, headers, trip.id, "b1", jpeg_bytes())
    other = _post(client, headers, trip.id, "b2", jpeg_bytes(color=(0, 0, 250)))
    assert other.status_code == 422 and "idempotency" in other.get_json()["type"]

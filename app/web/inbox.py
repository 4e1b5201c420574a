"""The approver's 알림함 under /web/notifications, and the unread count in every page's header."""
from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from app.errors import NotFound
from app.extensions import db
from app.services import notify_inbox
from app.web.session import actor, page
from app.web.views import bp


@bp.context_processor
def _unread() -> dict:
    user = g.get("web_user")
    if user is None:
        return {"unread_count": 0}
    try:
        return {"unread_count": notify_inbox.unread_count(session=db.session, actor=user)}
    except SQLAlchemyError:  # an error page after a database failure still renders, without a count
        db.session.rollback()
        return {"unread_count": 0}


@bp.get("/notifications")
@page
def notifications():
    """The signed-in approver's own notifications, newest first (?unread=1: unread only)."""
    unread_only = request.args.get("unread") == "1"
    items, total, unread = notify_inbox.inbox(session=db.session, actor=actor(),
                                              unread_only=unread_only, per_page=50)
    return render_template("web/inbox.html", items=items, total=total, unread=unread,
                           unread_only=unread_only)


@bp.post("/notifications/<int:notification_id>/read")
@page
def read_notification(notification_id: int):
    """Mark one item read and follow its link (only a path on this server)."""
    note = notify_inbox.mark_read(session=db.session, actor=actor(), notification_id=notification_id)
    if not note.link.startswith("/") or note.link.startswith("//"):
        raise NotFound("No such link.")
    return redirect(note.link, code=303)


@bp.post("/notifications/read-all")
@page
def read_all_notifications():
    """Mark every item of the signed-in approver read."""
    notify_inbox.mark_all_read(session=db.session, actor=actor())
    return redirect(url_for("web.notifications"), code=303)

"""gunicorn settings read from the working directory: refuse unshared login counters in production."""
import os


def on_starting(server):
    """Stop before forking when several workers would each keep their own rate-limit counters."""
    if os.environ.get("YEOBI_ENV") != "production":
        return
    from app.config import Config, check_shared_limits

    check_shared_limits(Config().RATELIMIT_STORAGE_URI, server.cfg.workers)

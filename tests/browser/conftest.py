import os

# Playwright's sync API keeps an event loop running in the test thread, and pytest-django's
# database teardown runs while it still does: allow the ORM there (browser tests only).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

"""Registers the core app's admin: the outbox (``core.admin_outbox``)."""

from wagtail import hooks

from core.admin_outbox import OutboxViewSet


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet("core_outbox")

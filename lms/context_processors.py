from django.utils.functional import SimpleLazyObject

ADMIN_LINK_KEY = "selaras_admin_link"


def _admin_link(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = request.session
    if session.get(ADMIN_LINK_KEY) is None:
        session[ADMIN_LINK_KEY] = user.has_perm("wagtailadmin.access_admin")
    return session[ADMIN_LINK_KEY]


def navigation(request):
    """Whether to show the admin link in the site's header, worked out once per session and
    only on pages that ask. It decides a link only: the admin checks permissions itself; the
    lookup costs two queries that every signed-in page would otherwise pay."""
    return {"show_admin_link": SimpleLazyObject(lambda: _admin_link(request))}

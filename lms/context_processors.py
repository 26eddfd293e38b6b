ADMIN_LINK_KEY = "selaras_admin_link"


def navigation(request):
    """Whether to show the admin link in the header, worked out once per session.

    It only decides a link: the admin checks its permissions on every request itself.
    The permission lookup costs two queries, which every signed-in page would pay.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show_admin_link": False}
    session = request.session
    if session.get(ADMIN_LINK_KEY) is None:
        session[ADMIN_LINK_KEY] = user.has_perm("wagtailadmin.access_admin")
    return {"show_admin_link": session[ADMIN_LINK_KEY]}

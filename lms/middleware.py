from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


class LanguageMiddleware:
    """Bahasa Indonesia unless the person chose another language with the switch.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: many officials' phones are
    set to English, and the agency wants its own language by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person and on
    every response that sets a cookie (a form's CSRF token, a session): such a page is one
    person's, and no shared cache, nor the browser's history after signing out, may keep it.

    It sits outside the session, CSRF and authentication middleware so that it sees the
    cookies they set; static files are answered by WhiteNoise before it and keep their caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.cookies or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (``CONTENT_SECURITY_POLICY``) with two refinements.

    - Under the Wagtail admin (not /admin/login/, the site's own page) ``SELARAS_CSP_ADMIN``
      is added: Wagtail 8 writes inline scripts (date pickers, choosers, inline panels) and
      inline styles, so the admin needs 'unsafe-inline' there; the site never gets it.
    - ``frame-ancestors`` follows ``X-Frame-Options``: 'none', except 'self' for the responses
      Wagtail lets its own editor frame (the live preview), which are marked SAMEORIGIN. For
      that this middleware must sit before Django's XFrameOptionsMiddleware, and it leaves
      alone the dummy request Wagtail renders a preview with.
    """

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by passing a dummy request through the middleware;
            # the real request's pass writes the header, once X-Frame-Options is final.
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if self.is_wagtail_admin(request.path_info):
            parts.update = {**settings.SELARAS_CSP_ADMIN, **(parts.update or {})}
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
        return parts

    @staticmethod
    def is_wagtail_admin(path):
        # /admin/login/ is the site's own page (lms.views.accounts.admin_login), not Wagtail's.
        return path.startswith(reverse("wagtailadmin_home")) and path != reverse(
            "wagtailadmin_login"
        )

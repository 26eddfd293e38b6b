"""Small template helpers for the trainee pages."""

import re
from urllib.parse import parse_qs, urlsplit

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
_VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
_YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or "" when the mapping is empty or has no such key."""
    if not mapping:
        return ""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def count_true(items, name):
    """How many of ``items`` have a truthy ``name`` (a dict key or an attribute)."""
    count = 0
    for item in items or ():
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if value:
            count += 1
    return count


def _youtube_start(query):
    """The start offset of a YouTube link (``t=90``, ``t=1m30s``, ``start=90``) in seconds."""
    raw = (query.get("t") or query.get("start") or [""])[0]
    if raw.isdigit():
        return int(raw)
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", raw)
    if not raw or not match:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@register.filter
def video_embed_url(url):
    """The privacy-friendly player address of a YouTube or Vimeo link; "" for anything else.

    YouTube plays from youtube-nocookie.com; Vimeo gets ``dnt=1`` (no tracking).
    """
    if not url:
        return ""
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https"):
        return ""
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)

    video_id = ""
    if host == "youtu.be" and segments:
        video_id = segments[0]
    elif host in _YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            video_id = (query.get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            video_id = segments[1]
    if video_id:
        if not _YOUTUBE_ID.match(video_id):
            return ""
        start = _youtube_start(query)
        embed = f"https://www.youtube-nocookie.com/embed/{video_id}?rel=0"
        return f"{embed}&start={start}" if start else embed

    if host in _VIMEO_HOSTS:
        private_hash = (query.get("h") or [""])[0]
        if host == "player.vimeo.com":
            candidate = segments[1] if len(segments) >= 2 and segments[0] == "video" else ""
        else:
            # vimeo.com/123456, vimeo.com/channels/staffpicks/123456, vimeo.com/123456/abcdef
            index = next(
                (i for i, segment in enumerate(segments) if _VIMEO_ID.match(segment)), None
            )
            candidate = "" if index is None else segments[index]
            if index is not None and index + 1 < len(segments):
                private_hash = segments[index + 1]
        if candidate and _VIMEO_ID.match(candidate):
            embed = f"https://player.vimeo.com/video/{candidate}?dnt=1"
            if _VIMEO_HASH.match(private_hash):
                embed += f"&h={private_hash}"
            return embed
    return ""


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # the enclosed template was rendered with autoescaping: its output is safe as it is
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render the enclosed template once into
    ``name``, to show it in several places (the lesson list of the lesson page)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])

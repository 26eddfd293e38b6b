"""The Redis cache backend: with Redis unreachable, every call is a logged miss, never an
error (django-redis' ``IGNORE_EXCEPTIONS``), and ``add`` answers as an empty cache would:
True. Without that, allauth's rate limiter — which takes a lock with ``cache.add`` — would
refuse every sign-in with 429 while Redis is down."""

from django_redis.cache import RedisCache, omit_exception


class DegradingRedisCache(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)

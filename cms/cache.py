"""The Redis cache's connections report that Redis answers again, which
ends an outage in the log (``cms.logging.Outage``)."""

from redis.connection import ConnectionPool

from cms.logging import outage


class ReportingConnectionPool(ConnectionPool):
    """django-redis' ``CONNECTION_POOL_CLASS``: every connection that opens
    tells the Redis outage that Redis is back (nothing is logged when there
    was no outage)."""

    def make_connection(self):
        connection = super().make_connection()
        connection.register_connect_callback(self.connected)
        return connection

    def connected(self, connection):
        outage("Redis").succeeded()

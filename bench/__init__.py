"""The benchmark: a large generated data set, gunicorn, wrk (see docs/performance.md)."""

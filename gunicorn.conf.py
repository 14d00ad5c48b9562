"""
gunicorn's settings for Newsroom (`make serve`, and production). gunicorn reads this
file itself when started from this folder; each value can be set from the environment.

BIND              address to listen on (default 127.0.0.1:8000)
WEB_CONCURRENCY   worker processes (default: twice the cores, plus one)
GUNICORN_THREADS  threads per worker (default 8); each thread holds at most one
                  database connection, so the server never opens more than
                  workers x threads connections, however many clients wait. Only
                  MAX_CONCURRENT_REQUESTS of them run a request at once (settings);
                  the rest wait for a turn or get a 503 (newsroom/shedding.py)
GUNICORN_TIMEOUT  seconds before a stuck worker is restarted (default 30)
FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-* headers (default 127.0.0.1)
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# gthread, stamping when each request starts to wait for a thread (for load shedding).
worker_class = "newsroom.gunicorn_worker.QueueTimedWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Waiting clients queue in the kernel, not in Python and not as database connections.
backlog = 2048
# Restart each worker after a while, so a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
# Import Django once, then fork: the workers share the loaded code. No database
# connection is opened before the fork (Django opens them on first use).
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
wsgi_app = "newsroom.wsgi:application"

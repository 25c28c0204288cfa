"""A gunicorn configuration file (``gunicorn -c``) for tests, of two server hooks:

* each worker, once it has loaded the collector (``create_app`` returned: gunicorn then
  runs ``post_worker_init``), makes an empty file named after its PID in the folder
  ``$EXIT_SURVEY_TEST_LOADED``: a test waits for those instead of sleeping "long enough"
  for the workers to start, which a loaded machine outlasts;
* each request's worker and user agent go on a line of the file
  ``$EXIT_SURVEY_TEST_SERVED``, before the request is handled: the collector's access log
  leaves both out (collector/gunicorn_logs.py), and a test must know which worker served.

Self-contained, so that a test may put ``workers = N`` before its text in a configuration
file of its own (one a reload reads again)."""

import os
from pathlib import Path
from typing import Any


def post_worker_init(worker: Any) -> None:
    folder = os.environ.get("EXIT_SURVEY_TEST_LOADED")
    if folder:
        Path(folder, str(worker.pid)).touch()


def pre_request(worker: Any, req: Any) -> None:
    served = os.environ.get("EXIT_SURVEY_TEST_SERVED")
    if served:
        agent = dict(req.headers).get("USER-AGENT", "-")
        line = f"{worker.pid} {req.method} {agent}\n".encode()
        fd = os.open(served, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)  # one write of a short line: whole, between the workers'
        finally:
            os.close(fd)

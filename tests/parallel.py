"""Requests or jobs at the same moment, for the tests of a limit that must hold under parallel requests."""

import threading

from ambassador.db import db


class Crowd:
    """Threads that each run a job in an app context of their own, started together."""

    def __init__(self, app, count: int):
        self.app = app
        self.barrier = threading.Barrier(count, timeout=30)
        self.threads: list[threading.Thread] = []
        self.errors: list[BaseException] = []

    def start(self, job) -> None:
        """Run `job` in a new thread once every thread is ready."""

        def run() -> None:
            with self.app.app_context():
                try:
                    self.barrier.wait()
                    job()
                except BaseException as error:  # noqa: BLE001 - reported by join()
                    self.errors.append(error)
                finally:
                    db.session.remove()

        thread = threading.Thread(target=run)
        self.threads.append(thread)
        thread.start()

    def join(self) -> None:
        """Wait for every thread; none may have failed."""
        for thread in self.threads:
            thread.join()
        assert self.errors == []

"""Running one step as the unprivileged user 'nobody'.

The tests run as root, and root reads and writes anything, so permission
failures are provoked in a forked child that gave up root first.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from annotator.errors import AnnotatorError


def run_as_nobody(action: Callable[[], object]) -> str:
    """Run ``action`` in a child that became 'nobody'.

    Returns what the user would read (``file: message`` for the app's own
    errors), ``repr`` of any other exception, or "no error".
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        message = b"no error"
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            action()
        except AnnotatorError as exc:
            message = str(exc).encode()
        except BaseException as exc:  # a bug: show it to the parent, never to pytest
            message = repr(exc).encode()
        finally:
            os.write(write_end, message)
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    message = os.read(read_end, 4096).decode()
    os.close(read_end)
    return message

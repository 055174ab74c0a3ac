"""Start-up cost of the ``symphys`` command, against a bare Python interpreter.

``--help`` and ``--version`` build the parser of every command group (``symphys/cli/``) without
importing the library; the target is under 0.3 s for either.
"""

import subprocess
import sys

from run import Case


def _symphys(*argv: str):
    return lambda: subprocess.run([sys.executable, "-m", "symphys", *argv], check=True,
                                  capture_output=True)


def cases():
    for flag in ("--version", "--help"):
        yield Case(
            f"symphys {flag} (process start)",
            _symphys(flag),
            peer_name="python -c pass",
            peer=lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
            target="< 0.3 s; start-up adds little to the interpreter's",
        )

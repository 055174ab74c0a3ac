"""Start-up cost of the ``symphys`` command, against a bare Python interpreter."""

import subprocess
import sys

from run import Case


def cases():
    yield Case(
        "symphys --version (process start)",
        lambda: subprocess.run([sys.executable, "-m", "symphys", "--version"], check=True,
                               capture_output=True),
        peer_name="python -c pass",
        peer=lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
        target="start-up adds little to the interpreter's",
    )

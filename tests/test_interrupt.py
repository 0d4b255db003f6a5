"""Ctrl-C is one line and exit 130 whenever it comes, even while the commands load."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

# Ctrl-C as the import of one command's module begins (where a real one lands most often:
# the first second of a run is spent importing).
INTERRUPTED_IMPORT = """
import sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "aligner.cli.check":
            raise KeyboardInterrupt
        return None
sys.meta_path.insert(0, Interrupt())
from aligner.cli import main
main()
"""


def test_ctrl_c_while_the_commands_load_is_one_line_and_exit_130():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", INTERRUPTED_IMPORT, "--help"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 130
    assert result.stderr == "aligner: interrupted\n"

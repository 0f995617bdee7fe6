"""``python -m cds_service`` and the ``bone-mets-cds`` script: the command line (cds_service.cli).

With no subcommand it serves on 127.0.0.1:8080, as ``make run`` and the Docker image expect.
"""

from __future__ import annotations

import sys

from cds_service.cli import main

if __name__ == "__main__":
    sys.exit(main())

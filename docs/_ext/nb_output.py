"""Keep myst-nb's executed notebooks inside the build, not next to it.

myst-nb writes the notebooks it executes (and their pictures) to
``jupyter_execute/`` in the *parent* of the output folder, so
``sphinx -b html docs out/html`` leaves ``out/jupyter_execute`` behind, and
``sphinx -b html docs /tmp/x`` writes ``/tmp/jupyter_execute``. This moves
that folder, and the execution cache, under the doctree folder (by default
``OUTPUT/.doctrees``), where Sphinx keeps its other working files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _inside_the_build(app: Any) -> None:
    config = app.env.mystnb_config
    work = Path(app.doctreedir)
    app.env.mystnb_config = config.copy(
        output_folder=str((work / "jupyter_execute").resolve()),
        execution_cache_path=str((work / ".jupyter_cache").resolve()),
    )


def setup(app: Any) -> dict[str, Any]:
    # After myst-nb's own builder-inited handler (priority 500), which sets the paths.
    app.connect("builder-inited", _inside_the_build, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

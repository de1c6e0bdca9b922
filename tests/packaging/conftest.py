import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The wheel that `python -m pip wheel --no-deps .` builds at the root.

    pip keeps its cache (the build backend, hatchling), so a second build
    needs no download.
    """
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(ROOT), "-w", str(out)],
        check=True,
        cwd=ROOT,
        timeout=300,
    )
    [built] = out.glob("stadtteil_pages-*.whl")
    return built

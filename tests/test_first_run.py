"""A newcomer's first run: the main job works with nothing but what pip installed.

The installed console script runs with PATH holding only the virtual
environment's bin folder, so Debian's graphviz, fontconfig, chromium and
everything else `.ci/run` installs are out of reach, as on a fresh machine.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
SCRIPT = VENV_BIN / "hkgov-graph"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed beside this Python")
def test_build_with_only_the_venv_on_path(tmp_path: Path) -> None:
    """`hkgov-graph build` exits 0 with PATH = the venv's bin only: dumps, report and SVG pictures written."""
    env = {"PATH": str(VENV_BIN), "HOME": str(tmp_path)}
    for program in ("dot", "fc-list", "chromium"):
        found = subprocess.run(["/bin/sh", "-c", f"command -v {program}"], env=env, capture_output=True)
        assert found.returncode != 0, f"{program} should be out of reach"
    result = subprocess.run([str(SCRIPT), "build", "-o", str(tmp_path / "build")], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "build"
    for name in ("hkgov-graph.nq", "hkgov-graph.nt", "validation-report.txt",
                 "pictures/reporting.svg", "pictures/coverage.svg"):
        assert (out / name).stat().st_size > 0, name
    assert "駐北京辦事處" in (out / "pictures" / "reporting.svg").read_text(encoding="utf-8")
    notes = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(notes) == 1 and "apt-get install graphviz fonts-noto-cjk" in notes[0]
    assert "Traceback" not in result.stderr


REPO = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)|`(\.\./[^`]+)`")


def test_everything_the_readme_links_is_in_the_repository() -> None:
    """Every relative link in the README names a file in the repository, none outside it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = [a or b for a, b in LINK.findall(readme)]
    relative = [t for t in targets if "://" not in t]
    assert "docs/INTEROP.md" in relative
    for target in relative:
        path = (REPO / target).resolve()
        assert path.is_relative_to(REPO), f"README links outside the repository: {target}"
        assert path.exists(), f"README links a missing file: {target}"

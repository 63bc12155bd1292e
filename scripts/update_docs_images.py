"""Copy the pictures `hkgov-graph build` draws into docs/images/, for the README.

The README shows these files; tests/test_pictures.py fails when they differ
from what the build draws now. Run after changing the data or the drawing:

    python scripts/update_docs_images.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from hkgov_graph.graph.build import build

DOCS_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        result = build(Path(tmp) / "build")
        pictures = sorted((result.output_dir / "pictures").glob("*"))
        if not pictures:
            print("the build drew no pictures", file=sys.stderr)
            return 1
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        for picture in pictures:
            shutil.copyfile(picture, DOCS_IMAGES / picture.name)
            print(f"docs/images/{picture.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

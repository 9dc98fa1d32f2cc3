"""Executes every notebook in notebooks/ headless (nbclient, the engine of `jupyter nbconvert --execute`)
and fails if a cell raises or a notebook shows no figure. Prints one line per notebook with its time.
Nothing is written into the repository: the notebooks write into temporary folders."""
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

root = pathlib.Path(__file__).resolve().parents[2]
names = sys.argv[1:] or sorted(p.name for p in (root / "notebooks").glob("*.ipynb"))
failed = 0
for name in names:
    path = root / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    start = time.monotonic()
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        images = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
        if images == 0:
            raise RuntimeError("no figure was shown")
        print(f"notebook {name}: ok ({time.monotonic() - start:.1f} s, {images} figures)", flush=True)
    except (CellExecutionError, RuntimeError) as e:
        failed += 1
        print(f"notebook {name}: FAILED ({time.monotonic() - start:.1f} s)\n{e}", flush=True)
sys.exit(1 if failed else 0)

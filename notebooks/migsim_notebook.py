"""What the notebooks share: find the repository, run migsim, read its CSV files.

migsim is found as (1) the command in the MIGSIM environment variable (e.g. "dotnet /path/migsim.dll"),
(2) `migsim` on PATH (the installed .NET tool), or (3) built once from this repository with
`dotnet build -c Release src/MigrationSim.Cli` and run as `dotnet .../migsim.dll`.
"""
import os
import pathlib
import shlex
import shutil
import subprocess

import pandas as pd


def repo_root() -> pathlib.Path:
    """The folder holding MigrationSim.sln, searched upwards from this file."""
    for d in [pathlib.Path(__file__).resolve().parent, *pathlib.Path(__file__).resolve().parents]:
        if (d / "MigrationSim.sln").exists():
            return d
    raise RuntimeError("run the notebooks from inside the MigrationSim repository")


_command = None


def migsim_command() -> list:
    global _command
    if _command is None:
        if os.environ.get("MIGSIM"):
            _command = shlex.split(os.environ["MIGSIM"])
        elif shutil.which("migsim"):
            _command = ["migsim"]
        else:
            root = repo_root()
            subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", str(root / "src" / "MigrationSim.Cli")],
                           check=True, capture_output=True, text=True)
            _command = ["dotnet", str(root / "src" / "MigrationSim.Cli" / "bin" / "Release" / "net10.0" / "migsim.dll")]
    return _command


def migsim(*args, quiet=False) -> str:
    """Runs migsim with these arguments from the repository root; prints and returns what it printed.
    A non-zero exit raises, with migsim's own error message."""
    p = subprocess.run(migsim_command() + [str(a) for a in args], cwd=repo_root(), capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"migsim {' '.join(map(str, args))} exited {p.returncode}:\n{p.stderr}{p.stdout}")
    if not quiet:
        print(p.stdout, end="")
    return p.stdout


def read_results(path) -> pd.DataFrame:
    """A sweep's results.csv: its first line is a '# migsim-sweep ...' comment, then one tidy row per run."""
    return pd.read_csv(path, skiprows=1)

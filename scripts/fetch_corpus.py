"""Assemble a corpus of real TF 1.x code from released packages of public TF 1.x projects.

    python scripts/fetch_corpus.py CORPUS_DIR [--cache DIR] [--per-package N]

Each package version below is a release of a public GitHub repository's TF 1.x code, as published on the
package index.  ``pip download --no-deps`` fetches it (nothing is installed) into ``--cache``; from the archive,
the ``.py`` files that import TensorFlow are taken in sorted path order, the first ``--per-package`` of them,
and written to ``CORPUS_DIR/owner__name/<path in the package>`` for ``scripts/measure_corpus.py``.  The same
versions and cap give the same files.  Prints one manifest line per package (requirement, repository,
archive, files taken), the lines ``benchmarks/corpus_manifest.txt`` holds.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

# (requirement, the GitHub repository the release is built from)
PACKAGES = (
    ("bert-tensorflow==1.0.4", "google-research/bert"),
    ("dm-sonnet==1.36", "deepmind/sonnet"),
    ("dopamine-rl==2.0.5", "google/dopamine"),
    ("gpflow==1.5.1", "GPflow/GPflow"),
    ("kfac==0.2.0", "tensorflow/kfac"),
    ("magenta==1.1.7", "magenta/magenta"),
    ("OpenNMT-tf==1.25.3", "OpenNMT/OpenNMT-tf"),
    ("stable-baselines==2.10.2", "hill-a/stable-baselines"),
    ("tensor2tensor==1.15.7", "tensorflow/tensor2tensor"),
    ("tensorlayer==1.11.1", "tensorlayer/tensorlayer"),
    ("tensorpack==0.9.8", "tensorpack/tensorpack"),
    ("texar==0.2.4", "asyml/texar"),
    ("tflearn==0.5.0", "tflearn/tflearn"),
)

IMPORTS_TF = re.compile(rb"^\s*(import tensorflow|from tensorflow[ .])", re.MULTILINE)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _release(archive: str) -> tuple[str, str]:
    """(normalized project name, version) of a wheel or sdist file name; ("", "") for anything else."""
    if archive.endswith(".whl"):
        project, version = archive.split("-")[:2]
    elif archive.endswith((".tar.gz", ".zip")):
        project, _, version = archive.removesuffix(".tar.gz").removesuffix(".zip").rpartition("-")
    else:
        return "", ""
    return _normal(project), version


def download(requirement: str, cache: Path) -> Path:
    """The release archive of `requirement` in `cache` (downloaded once; a wheel before an sdist)."""
    name, version = requirement.split("==")

    def cached() -> list[Path]:
        return sorted(path for path in cache.glob("*") if _release(path.name) == (_normal(name), version))

    if not cached():
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-build-isolation",
                        "-d", str(cache), requirement], check=True)
    return cached()[0]


def sources(archive: Path) -> dict[str, bytes]:
    """The archive's `.py` files by their path in the package (an sdist's top folder dropped)."""
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as opened:
            files = {info.filename: opened.read(info) for info in opened.infolist()}
    else:
        with tarfile.open(archive) as opened:
            files = {}
            for member in opened.getmembers():
                data = opened.extractfile(member) if member.isfile() else None
                if data is not None:
                    files[str(PurePosixPath(*PurePosixPath(member.name).parts[1:]))] = data.read()
    return {path: data for path, data in files.items()
            if path.endswith(".py") and ".dist-info/" not in path and ".egg-info/" not in path}


def select(files: dict[str, bytes], limit: int) -> list[str]:
    """The first `limit` paths, in sorted order, of the files that import TensorFlow."""
    return [path for path in sorted(files) if IMPORTS_TF.search(files[path])][:limit]


def fetch(corpus: Path, cache: Path, limit: int) -> list[str]:
    """Write the corpus; the manifest lines."""
    lines = []
    for requirement, repository in PACKAGES:
        archive = download(requirement, cache)
        files = sources(archive)
        chosen = select(files, limit)
        folder = corpus / repository.replace("/", "__")
        for path in chosen:
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path])
        lines.append(f"{requirement}\t{repository}\t{archive.name}\t{len(chosen)} files")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path, default=Path(".corpus-cache"), help="where the archives go")
    parser.add_argument("--per-package", type=int, default=40, help="files taken from each package at most")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    print("\n".join(fetch(args.corpus, args.cache, args.per_package)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

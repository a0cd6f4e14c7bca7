#!/usr/bin/env python3
"""Checks the search engine's files in themes/default/assets/js/search/ against the pinned mkdocs
wheel on PyPI, which ships them for its own search plugin (lunr.js 2.3.9 and lunr-languages).

    python3 scripts/vendor-lunr.py           # check (run by `make` and `make test`)
    python3 scripts/vendor-lunr.py --write   # write the files from the wheel (after changing the pin)

The files are committed in the theme, because `portal init` copies the theme out of the program
itself (scripts/embed-theme.py) where no package registry may be at hand; this script proves that
they are the registry's bytes. The wheel is fetched once with pip (no dependencies, only that
file) into .cache/vendor/ and checked against its sha256 before anything is read from it.
"""
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "vendor"
THEME = ROOT / "themes" / "default" / "assets" / "js" / "search"
VERSION = "1.6.1"
WHEEL = f"mkdocs-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "db91759624d1647f3f34aa0c3f327dd2601beae39a366d6e064c03468d35c20e"
# Theme file -> (path inside the wheel, sha256 of its bytes).
FILES = {
    "lunr.js": ("mkdocs/contrib/search/templates/search/lunr.js",
                "c1a28d9e95163292fbcc07ff794f1f0e1ade8741c513afe96d5b1046a18110bc"),
    "lunr.stemmer.support.js": ("mkdocs/contrib/search/lunr-language/lunr.stemmer.support.js",
                                "9acfb121aae107828dc54f15cf779ef4a151cdaaade158be705a26e6e96ec618"),
    "lunr.es.js": ("mkdocs/contrib/search/lunr-language/lunr.es.js",
                   "64595a693de6028a6ec6f4d63866b8a0269cb67c1adad19e7964ce9eb4d2b3d6"),
}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def pythons():
    """Pythons that may have pip: this one, the test harness's venv, else a venv made for it."""
    yield sys.executable
    yield str(ROOT / ".venv" / "bin" / "python")
    own = CACHE / "pip-venv"
    if not (own / "bin" / "python").exists():
        import venv
        venv.EnvBuilder(with_pip=True).create(own)
    yield str(own / "bin" / "python")


def wheel():
    path = CACHE / WHEEL
    if not path.exists() or sha256(path.read_bytes()) != WHEEL_SHA256:
        CACHE.mkdir(parents=True, exist_ok=True)
        for python in pythons():
            if not Path(python).exists():
                continue
            result = subprocess.run([python, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                                     "--no-deps", "--only-binary=:all:", "-d", str(CACHE), f"mkdocs=={VERSION}"],
                                    capture_output=True, text=True)
            if result.returncode == 0 and path.exists():
                break
        else:
            sys.exit(f"vendor-lunr: could not download {WHEEL} with pip\n"
                     "  hint: check the connection to PyPI, or that pip is installed (python3 -m pip)")
    data = path.read_bytes()
    if sha256(data) != WHEEL_SHA256:
        path.unlink()
        sys.exit(f"vendor-lunr: {WHEEL} does not have the pinned sha256 {WHEEL_SHA256}; it was deleted")
    return path


def main():
    write = "--write" in sys.argv[1:]
    problems = []
    with zipfile.ZipFile(wheel()) as archive:
        for name, (inner, digest) in FILES.items():
            data = archive.read(inner)
            if sha256(data) != digest:
                problems.append(f"{inner} in {WHEEL} is not the pinned file (sha256 {sha256(data)})")
                continue
            target = THEME / name
            if write:
                target.write_bytes(data)
            elif not target.exists() or target.read_bytes() != data:
                problems.append(f"{target.relative_to(ROOT)} differs from {inner} in {WHEEL}")
    if problems:
        sys.exit("vendor-lunr: " + "\n  ".join(problems)
                 + "\n  hint: run 'python3 scripts/vendor-lunr.py --write', then 'python3 scripts/embed-theme.py'")
    print(f"vendor-lunr: the search engine's {len(FILES)} files are mkdocs {VERSION}'s, as pinned")


if __name__ == "__main__":
    main()

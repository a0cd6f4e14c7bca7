#!/usr/bin/env python3
"""Installs what the browser harness needs, then runs it with pytest.

    python3 tests/browser/run.py [pytest arguments]

System packages (Chromium, its driver, Java) come from apt-get when run as root; the Python
packages go into .venv at the repository root. Environment: PORTAL_BIN (default
.build/debug/portal), PORTAL_SKIP_INSTALL=1 to use what is there.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
APT = {"chromium": "/usr/bin/chromium", "chromium-driver": "/usr/bin/chromedriver", "default-jre-headless": "java",
       "nginx-light": "/usr/sbin/nginx", "msmtp": "/usr/bin/msmtp", "strace": "/usr/bin/strace"}


def say(message):
    print(f"[browser] {message}", flush=True)


def apt_install():
    missing = [name for name, path in APT.items() if not shutil.which(path)]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"[browser] missing {', '.join(missing)}. Run: sudo apt-get install -y {' '.join(missing)}")
    say(f"installing {' '.join(missing)} with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], check=True, env=env)


def venv_python():
    python = VENV / "bin" / "python"
    requirements = HERE / "requirements.txt"
    stamp = VENV / ".requirements-sha256"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return python
    if not python.exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("installing Python packages from tests/browser/requirements.txt")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(requirements)], check=True)
    stamp.write_text(digest + "\n")
    return python


def main():
    if os.environ.get("PORTAL_SKIP_INSTALL") != "1":
        apt_install()
        python = venv_python()
    else:
        python = VENV / "bin" / "python"
    env = dict(os.environ, SE_OFFLINE="true", SE_AVOID_STATS="true", PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("PORTAL_BIN", str(ROOT / ".build" / "debug" / "portal"))
    command = [str(python), "-m", "pytest", str(HERE), "-p", "no:cacheprovider", "-rs", *sys.argv[1:]]
    os.chdir(ROOT)
    sys.exit(subprocess.call(command, env=env))


if __name__ == "__main__":
    main()

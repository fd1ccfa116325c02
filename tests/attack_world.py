"""A world for the attack matrix (tests/test_attack_matrix.py): a course, a progress folder
with real records, a second desktop's folder to merge, an output folder; and the ways to run
`learnsocial` in a child process as an attacker's machine would: without the root's power to
read any file, on a full disk, at a terminal.

Unreadable files: as root, every file can be read, so the child drops CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH from its capability bounding set before it starts Python; it stays uid 0,
so it owns the files, and their permission bits apply as they would to a normal user.

A full disk: a sitecustomize.py on the child's PYTHONPATH (active only with
LEARNSOCIAL_TEST_FULL_DISK=1) makes every write to a regular file fail with ENOSPC (os.write,
and every file object io.open makes for writing), and sets RLIMIT_FSIZE to 0 so that C code
(the PNG writer, zlib) cannot add a byte to a file either (EFBIG). Creating files still works,
as on a real full disk, so a writer that does not clean up leaves its 0-byte file behind.
"""
from __future__ import annotations

import ctypes
import errno
import gzip
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2

# The passphrase is hashed at test strength in the world and in every command run in it: the
# attacks are on files, and scrypt at OWASP's strength takes a third of a second per hash.
TEST_SCRYPT = {"n": 2**10, "r": 8, "p": 1}
FULL_DISK_HOOK = f'''
import os

from learnsocial.progress import passphrase as _passphrase

_passphrase.SCRYPT = {TEST_SCRYPT!r}

if os.environ.get("LEARNSOCIAL_TEST_FULL_DISK") == "1":
    import builtins
    import errno
    import io
    import resource
    import signal
    import stat

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    def _full():
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def _regular(fd):
        try:
            return stat.S_ISREG(os.fstat(fd).st_mode)
        except OSError:
            return False

    _write = os.write

    def write(fd, data):
        if _regular(fd):
            raise _full()
        return _write(fd, data)

    os.write = write

    class _FullFile:
        """A file opened for writing on a full disk: every byte written is refused."""

        def __init__(self, inner):
            self._inner = inner

        def write(self, data):
            raise _full()

        def writelines(self, lines):
            raise _full()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._inner.close()

        def __iter__(self):
            return iter(self._inner)

        def __getattr__(self, name):
            return getattr(self._inner, name)

    _open = io.open

    def full_open(file, mode="r", *args, **kwargs):
        handle = _open(file, mode, *args, **kwargs)
        if any(c in mode for c in "wax+") and _regular(handle.fileno()):
            return _FullFile(handle)
        return handle

    io.open = builtins.open = full_open
'''


def drop_file_powers() -> None:
    """In the child, before exec: no reading or writing past permission bits (root only)."""
    if not IS_ROOT:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@dataclass
class Run:
    argv: list[str]
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class World:
    """One copy of the template per case: attack it, then run a command in it."""

    def __init__(self, root: Path):
        self.root = root
        self.course = root / "course"
        self.data = root / "data"
        self.source = root / "desktop-2"  # another desktop's folder, to merge
        self.out = root / "out"
        self.shots = root / "shots"
        self.home = root / "home"
        self.hook = root / "hook"
        self.full_disk = False
        self.site_config: Path | None = None

    # -- the template --------------------------------------------------------------------
    @classmethod
    def build(cls, root: Path) -> World:
        """Two learners with attempts and statements (e-1 twice, so it has a backup), a
        second desktop's folder with e-3 and e-1, the course, an empty output folder."""
        from learnsocial.app.session import Session
        from learnsocial.progress.store import ProgressStore
        from tests.course_player import StepClock, play_test

        world = cls(root)
        shutil.copytree(MINI, world.course)
        for folder, people in ((world.data, (("e-1", "Anna Svensson"), ("e-2", "Bo Berg"))),
                               (world.source, (("e-3", "Cleo Kaya"), ("e-1", "Anna S.")))):
            for employee_id, name in people:
                for _session in range(2):  # two sessions: a backup version stays
                    session = Session(world.course, ProgressStore(folder), "en",
                                      clock=StepClock())
                    session.load_course()
                    session.sign_in(employee_id, name)
                    first = session.course.chapters[0]
                    session.finish_test(first, play_test(first, 1.0), session.clock())
        from learnsocial.progress import passphrase

        strength, passphrase.SCRYPT = passphrase.SCRYPT, TEST_SCRYPT
        try:
            passphrase.set_passphrase(world.data, "hr passphrase 1")
        finally:
            passphrase.SCRYPT = strength
        for folder in (world.out, world.home, world.hook):
            folder.mkdir()
        (world.hook / "sitecustomize.py").write_text(FULL_DISK_HOOK, encoding="utf-8")
        return world

    def copy(self, root: Path) -> World:
        shutil.copytree(self.root, root, symlinks=True)
        return World(root)

    # -- what an attack needs ------------------------------------------------------------
    def learner_file(self, employee_id: str = "e-1", folder: Path | None = None) -> Path:
        from learnsocial.progress.store import bucket_of

        bucket = (folder or self.data) / "people" / bucket_of(employee_id)
        versions = sorted(bucket.glob(f"{employee_id}@[0-9]*.json.gz"),
                          key=lambda p: int(p.name.split("@")[1].split(".")[0]))
        return versions[-1]

    def newer_version_of(self, employee_id: str, tables: object, folder: Path | None = None
                         ) -> Path:
        """Write a newer version of a learner's file holding `tables` (any JSON)."""
        current = self.learner_file(employee_id, folder)
        number = int(current.name.split("@")[1].split(".")[0]) + 1
        path = current.with_name(f"{employee_id}@{number}.json.gz")
        path.write_bytes(gzip.compress(json.dumps(tables).encode("utf-8")))
        return path

    def archive(self, employee_id: str = "e-1") -> Path:
        return self.learner_file(employee_id).with_name(f"{employee_id}@statements.jsonl.gz")

    # -- running --------------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        keep = ("PATH", "SYSTEMROOT", "TMPDIR")
        env = {k: v for k, v in os.environ.items() if k in keep}
        env.update(HOME=str(self.home), XDG_CACHE_HOME=str(self.home / "cache"),
                   XDG_DATA_HOME=str(self.home / "data"),
                   XDG_CONFIG_HOME=str(self.home / "config"), LANGUAGE="en", LANG="C.UTF-8",
                   LC_ALL="C.UTF-8", LEARNSOCIAL_LRS_PASSWORD="not-a-real-password",
                   PYTHONPATH=str(self.hook), PYTHONDONTWRITEBYTECODE="1")
        if self.full_disk:
            env["LEARNSOCIAL_TEST_FULL_DISK"] = "1"
        if self.site_config is not None:
            env["LEARNSOCIAL_SITE_CONFIG"] = str(self.site_config)
        return env

    def run(self, argv: list[str]) -> Run:
        done = subprocess.run([sys.executable, "-m", "learnsocial", *argv], cwd=self.root,
                              env=self.env(), stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, errors="replace", preexec_fn=drop_file_powers,
                              timeout=300)
        return Run(argv, done.returncode, done.stdout, done.stderr)

    def run_at_terminal(self, argv: list[str], answers: list[str] | dict[str, str]) -> Run:
        """Run at a pseudo-terminal, typing each answer once its prompt (a line ending in
        ': ') is shown; getpass reads from the terminal and flushes what was typed early.
        answers: in order, or by a word of the prompt ({"Current": "...", "New": "..."})."""
        pid, fd = pty.fork()
        if pid == 0:  # the child
            try:
                drop_file_powers()
                os.chdir(self.root)
                os.execve(sys.executable, [sys.executable, "-m", "learnsocial", *argv],
                          self.env())
            finally:
                os._exit(127)
        output = b""
        pending = list(answers) if isinstance(answers, list) else []
        by_prompt = answers if isinstance(answers, dict) else {}
        answered_at = 0  # a prompt counts only if it came after the last answer
        while True:
            ready, _w, _x = select.select([fd], [], [], 60)
            if not ready:  # silent for a minute: a child waiting for more answers
                os.kill(pid, signal.SIGKILL)
                break
            try:
                chunk = os.read(fd, 4096)
            except OSError as error:  # EIO: the child closed the terminal
                if error.errno == errno.EIO:
                    break
                raise
            if not chunk:
                break
            output += chunk
            prompt = output[answered_at:].strip()
            if prompt.endswith(b":"):
                line = prompt.decode("utf-8", "replace").splitlines()[-1]
                answer = next((a for word, a in by_prompt.items() if word in line), None)
                if answer is None and pending:
                    answer = pending.pop(0)
                if answer is not None:
                    os.write(fd, answer.encode("utf-8") + b"\n")
                    answered_at = len(output)
        _pid, status = os.waitpid(pid, 0)
        os.close(fd)
        code = os.waitstatus_to_exitcode(status)
        text = output.decode("utf-8", "replace").replace("\r\n", "\n")
        return Run(argv, code, "", text)


def everything_under(folder: Path) -> list[Path]:
    return [folder, *folder.rglob("*")] if folder.exists() else []


def make_read_only(folder: Path) -> None:
    for path in everything_under(folder):
        if not path.is_symlink():
            path.chmod(0o555 if path.is_dir() else 0o444)


def make_writable(folder: Path) -> None:
    """Undo any attack on permissions, so the world can be removed."""
    for path in everything_under(folder):
        if not path.is_symlink():
            try:
                path.chmod(0o755 if path.is_dir() else 0o644)
            except OSError:
                pass

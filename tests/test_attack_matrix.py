"""The attack matrix of issue 16: every command of `learnsocial` against bad inputs.

Each case copies a world (tests/attack_world.py: a course, a progress folder with real records,
a second desktop's folder, an output folder), attacks one thing in it (missing, unreadable, a
folder where a file should be, valid JSON of the wrong shape, a newer version, a full disk,
read-only) and runs one command in a child process. Every case must end cleanly: exit 0 or 1,
never a traceback, never "error: unexpected", never an "Exception ignored" from a destructor;
a failure is one "error:" line that names what was attacked (or the command's own reason,
e.g. no display for `play`); a failed export leaves no file behind. Some cases must fail and
some must work (read-only folders can be read): see MUST.

There is one test per command; the counts (cases tried, clean) are printed by each: `pytest -s`.
While working on one command, LEARNSOCIAL_ATTACKS=export-csv,demo runs only those commands.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.attack_world import Run, World, make_read_only, make_writable

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs POSIX permissions and pty")

LRS = "http://127.0.0.1:9/xAPI"  # nothing listens there: sync fails with its own reason
STALE = "may be stale"


# -- commands ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Command:
    id: str
    argv: Callable[[World], list[str]]
    own_reason: tuple[str, ...] = ()  # why it may fail in any world (no display, no LRS)
    lists_problems: bool = False  # prints problems as lines (validate): no "error:" line
    writes: Callable[[World], Path] | None = None  # the file it makes
    answers: dict[str, str] | None = None  # run at a terminal, answering these prompts


def data(w: World) -> list[str]:
    return ["--data-dir", str(w.data), "--content", str(w.course)]


def export(fmt: str) -> Command:
    suffix = {"xapi": "json"}.get(fmt, fmt)
    return Command(f"export-{fmt}", lambda w: ["export", "--format", fmt, "--out",
                                               str(w.out / f"report.{suffix}"), *data(w)],
                   writes=lambda w: w.out / f"report.{suffix}")


PLAY = Command("play", lambda w: ["play", *data(w)], own_reason=("no display found",))
DEMO = Command("demo", lambda w: ["demo", "--screenshots", str(w.shots), "--employee", "e-1",
                                  "--chapter", "hello", *data(w)])
VALIDATE = Command("validate", lambda w: ["validate", str(w.course)], lists_problems=True)
STATUS = Command("content-status", lambda w: ["content", "status", str(w.course)],
                 lists_problems=True)
CONFIRM = Command("content-confirm", lambda w: ["content", "confirm", str(w.course)])
SCHEMA = Command("content-schema", lambda w: ["content", "schema"])
EXPORTS = [export(fmt) for fmt in ("csv", "xlsx", "json", "html", "xapi")]
LIST = Command("employees-list", lambda w: ["employees", "list", "--data-dir", str(w.data)])
SHOW = Command("employees-show", lambda w: ["employees", "show", "e-1", "--data-dir",
                                            str(w.data)])
ERASE = Command("employees-erase", lambda w: ["employees", "erase", "e-1", "--yes",
                                              "--data-dir", str(w.data)])
MERGE = Command("merge", lambda w: ["merge", str(w.source), "--data-dir", str(w.data)])
SYNC = Command("sync", lambda w: ["sync", "--lrs", LRS, "--user", "u", "--data-dir",
                                  str(w.data)],
               own_reason=("LRS", "home page", "127.0.0.1"))
ADMIN = Command("admin", lambda w: ["admin", "set-passphrase", "--data-dir", str(w.data)],
                answers={"Current": "hr passphrase 1", "New": "the new one", "Repeat":
                         "the new one"})
I18N = Command("i18n-check", lambda w: ["i18n", "check"], lists_problems=True)

DATA_COMMANDS = [PLAY, DEMO, *EXPORTS, LIST, SHOW, ERASE, MERGE, SYNC, ADMIN]
CONTENT_COMMANDS = [DEMO, VALIDATE, STATUS, CONFIRM, EXPORTS[0]]
EVERY_COMMAND = [PLAY, DEMO, VALIDATE, STATUS, CONFIRM, SCHEMA, *EXPORTS, LIST, SHOW, ERASE,
                 MERGE, SYNC, ADMIN, I18N]


# -- attacks -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Attack:
    id: str
    apply: Callable[[World], Path | None]  # returns what its messages must name
    full_disk: bool = False
    or_its_folder: bool = False  # a chapter file may be named by its chapter folder


def _missing(path: Callable[[World], Path]) -> Callable[[World], Path]:
    def apply(w: World) -> Path:
        target = path(w)
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        return target
    return apply


def _file_instead(path: Callable[[World], Path]) -> Callable[[World], Path]:
    def apply(w: World) -> Path:
        target = _missing(path)(w)
        target.write_text("not a folder\n")
        return target
    return apply


def _folder_instead(path: Callable[[World], Path]) -> Callable[[World], Path]:
    def apply(w: World) -> Path:
        target = _missing(path)(w)
        target.mkdir()
        return target
    return apply


def _unreadable(path: Callable[[World], Path]) -> Callable[[World], Path]:
    def apply(w: World) -> Path:
        target = path(w)
        target.chmod(0)
        return target
    return apply


def _read_only(path: Callable[[World], Path]) -> Callable[[World], Path]:
    def apply(w: World) -> Path:
        target = path(w)
        make_read_only(target)
        return target
    return apply


def _content(path: Callable[[World], Path], text: str) -> Callable[[World], Path]:
    def apply(w: World) -> Path:
        target = path(w)
        target.write_text(text, encoding="utf-8")
        return target
    return apply


def _full_disk(w: World) -> None:
    w.full_disk = True


def _learner_wrong_shape(w: World) -> Path:
    return w.newer_version_of("e-1", {"employee": {"1": {"employee_id": 42}}, "_schema": 2})


def _learner_newer(w: World) -> Path:
    current = w.learner_file("e-1")
    tables = json.loads(gzip.decompress(current.read_bytes()))
    tables["_schema"] = 99
    current.write_bytes(gzip.compress(json.dumps(tables).encode("utf-8")))
    return current


def _meta_newer(w: World) -> Path:
    target = w.data / "meta.json"
    target.write_text(json.dumps({"_schema": 99, "meta": {"1": {"layout": 9}}}))
    return target


def _archive_cut(w: World) -> Path:
    target = w.archive("e-1")
    target.write_bytes(target.read_bytes()[:-7])
    return target


def _source_wrong_shape(w: World) -> Path:
    return w.newer_version_of("e-3", [1, 2, 3], folder=w.source)


def _deep_yaml(w: World) -> Path:
    target = w.course / "01-hello" / "en.yaml"
    target.write_text("id: hello\ntitle: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    return target


def _site_config(text: str | None) -> Callable[[World], Path]:
    def apply(w: World) -> Path:
        w.site_config = w.root / "site.json"
        if text is None:
            w.site_config.mkdir()
        else:
            w.site_config.write_text(text, encoding="utf-8")
        return w.site_config
    return apply


def learner(w: World) -> Path:
    return w.learner_file("e-1")


DATA_ATTACKS = [
    Attack("data-missing", _missing(lambda w: w.data)),
    Attack("data-is-a-file", _file_instead(lambda w: w.data)),
    Attack("data-unreadable", _unreadable(lambda w: w.data)),
    Attack("data-read-only", _read_only(lambda w: w.data)),
    Attack("full-disk", _full_disk, full_disk=True),
    Attack("learner-unreadable", _unreadable(learner)),
    Attack("learner-is-a-folder", _folder_instead(learner)),
    Attack("learner-wrong-shape", _learner_wrong_shape),
    Attack("learner-newer-version", _learner_newer),
    Attack("meta-garbled", _content(lambda w: w.data / "meta.json", "{ garbled")),
    Attack("meta-wrong-shape", _content(lambda w: w.data / "meta.json", "[1, 2, 3]")),
    Attack("meta-newer-version", _meta_newer),
    Attack("meta-is-a-folder", _folder_instead(lambda w: w.data / "meta.json")),
    Attack("meta-unreadable", _unreadable(lambda w: w.data / "meta.json")),
    Attack("archive-cut-short", _archive_cut),
    Attack("admin-json-garbled", _content(lambda w: w.data / "admin.json", "{ garbled")),
    Attack("admin-json-is-a-folder", _folder_instead(lambda w: w.data / "admin.json")),
    Attack("source-missing", _missing(lambda w: w.source)),
    Attack("source-unreadable", _unreadable(lambda w: w.source)),
    Attack("source-wrong-shape", _source_wrong_shape),
    Attack("source-read-only", _read_only(lambda w: w.source)),
    Attack("out-is-a-folder", _folder_instead(lambda w: w.out / "report.csv")),
    Attack("out-folder-missing", _missing(lambda w: w.out)),
    Attack("out-folder-read-only", _read_only(lambda w: w.out)),
]
CONTENT_ATTACKS = [
    Attack("course-missing", _missing(lambda w: w.course)),
    Attack("course-is-a-file", _file_instead(lambda w: w.course)),
    Attack("course-unreadable", _unreadable(lambda w: w.course)),
    Attack("chapter-unreadable", _unreadable(lambda w: w.course / "01-hello")),
    Attack("chapter-file-unreadable", _unreadable(lambda w: w.course / "01-hello" / "en.yaml")),
    Attack("chapter-file-is-a-folder",
           _folder_instead(lambda w: w.course / "01-hello" / "en.yaml"), or_its_folder=True),
    Attack("chapter-wrong-shape", _content(lambda w: w.course / "01-hello" / "en.yaml",
                                           "- just\n- a list\n")),
    Attack("chapter-deep-yaml", _deep_yaml),
    Attack("course-read-only", _read_only(lambda w: w.course)),
    Attack("full-disk", _full_disk, full_disk=True),
]
SITE_ATTACKS = [
    Attack("site-config-garbled", _site_config("{ garbled")),
    Attack("site-config-wrong-shape", _site_config("[1, 2]")),
    Attack("site-config-is-a-folder", _site_config(None)),
]
CASES = ([(c, a) for a in DATA_ATTACKS for c in DATA_COMMANDS]
         + [(c, a) for a in CONTENT_ATTACKS for c in CONTENT_COMMANDS]
         + [(c, a) for a in SITE_ATTACKS for c in (LIST, DEMO)]
         + [(c, Attack("full-disk", _full_disk, full_disk=True))
            for c in (SCHEMA, I18N, VALIDATE)])


# -- what must happen ----------------------------------------------------------------------

@dataclass(frozen=True)
class Must:
    fail: bool | None = None  # True: exit 1; False: exit 0
    say: tuple[str, ...] = ()  # in the output ({data}, {target}... from the world)


READS = [*EXPORTS, LIST, SHOW]
MUST: dict[tuple[str, str], Must] = {
    **{(c.id, "data-read-only"): Must(False, (STALE,)) for c in READS},
    **{(c.id, "learner-unreadable"): Must(True, ("{target}", "ermission"))
       for c in (SHOW, DEMO, EXPORTS[3], EXPORTS[4])},
    **{(c.id, "learner-newer-version"): Must(True, ("{target}", "newer version"))
       for c in (SHOW, DEMO, EXPORTS[4])},
    **{(c.id, "learner-wrong-shape"): Must(False, ("{target}", "damaged"))
       for c in (SHOW, EXPORTS[4])},
    **{(c.id, "meta-garbled"): Must(False, ("meta.json", "nothing was lost")) for c in READS},
    **{(c.id, "meta-newer-version"): Must(True, ("meta.json", "newer version"))
       for c in (*READS, DEMO, MERGE, ERASE)},
    # XLSX too: our own writer streams into the output's temporary file (XlsxWriter, which
    # needed a temporary folder of its own and so said "is the disk full?", is gone)
    **{(c.id, "full-disk"): Must(True, ("No space left on device",)) for c in EXPORTS},
    **{(c.id, "out-is-a-folder"): Must(True, ("{target}",)) for c in EXPORTS[:1]},
    **{(c.id, "out-folder-read-only"): Must(True, ("{target}",)) for c in EXPORTS},
    ("employees-erase", "data-read-only"): Must(True, ("read-only",)),
    ("merge", "data-read-only"): Must(True, ("read-only",)),
    ("merge", "source-read-only"): Must(False, ("2 employees",)),
    ("merge", "source-wrong-shape"): Must(True, ("{target}",)),
    ("merge", "source-unreadable"): Must(True, ("{target}",)),
    ("demo", "full-disk"): Must(True, ("shots",)),
    ("employees-list", "full-disk"): Must(False),
    ("admin", "admin-json-garbled"): Must(True, ("{target}", "--reset")),
    ("admin", "data-read-only"): Must(True, ("admin.json",)),
    ("admin", "full-disk"): Must(True, ("No space left on device",)),
    ("validate", "chapter-unreadable"): Must(True, ("{target}",)),
    ("validate", "chapter-file-unreadable"): Must(True, ("{target}",)),
    ("validate", "chapter-deep-yaml"): Must(True, ("{target}",)),
    ("content-confirm", "full-disk"): Must(True, ("No space left on device",)),
    ("content-schema", "full-disk"): Must(False),
    ("i18n-check", "full-disk"): Must(None),
    ("employees-list", "site-config-garbled"): Must(True, ("{target}",)),
}


@dataclass
class Verdict:
    case: str
    run: Run
    problems: list[str] = field(default_factory=list)


def judge(command: Command, attack: Attack, world: World, target: Path | None, run: Run,
          before_out: set[str]) -> list[str]:
    problems = []
    text = run.text
    for bad in ("Traceback", "unexpected", "Exception ignored"):
        if bad in text:
            problems.append(f"{bad!r} in the output")
    if run.code not in (0, 1):
        problems.append(f"exit code {run.code}")
    errors = [line for line in run.err.splitlines() if line.startswith("error:")]
    if run.code == 1 and not command.lists_problems:
        if len(errors) != 1:
            problems.append(f"{len(errors)} 'error:' lines (one expected)")
        else:
            named = [str(target), str(target.relative_to(world.root))] \
                if target is not None else []
            if target is not None and attack.or_its_folder:  # "chapter left out: no file"
                named.append(str(target.parent.relative_to(world.root)))
            reasons = [*named, *command.own_reason]
            if reasons and not any(reason in errors[0] for reason in reasons):
                problems.append(f"the error names neither {target} nor the command's reason")
    must = MUST.get((command.id, attack.id))
    if must is not None:
        if must.fail is not None and (run.code == 1) != must.fail:
            problems.append("must fail" if must.fail else "must work")
        for needle in must.say:
            wanted = needle.format(target=target, data=world.data)
            short = needle.format(target=target.relative_to(world.root) if target else None,
                                  data=world.data)
            if wanted not in text and short not in text:
                problems.append(f"does not say {wanted!r}")
    if (command.id, attack.id) in ((c.id, "data-read-only") for c in READS):
        if text.count(STALE) != 1:
            problems.append("the stale note must be printed exactly once")
    if command.writes is not None and run.code == 1 and world.out.is_dir():
        left = {p.name for p in world.out.iterdir()} - before_out
        if left and not (left == {"report.csv"} and attack.id == "out-is-a-folder"):
            problems.append(f"a failed export left {sorted(left)} behind")
    return problems


ONLY = set(filter(None, os.environ.get("LEARNSOCIAL_ATTACKS", "").split(",")))
# one test per command, so the test workers share the matrix out between them
COMMAND_IDS = [c for c in dict.fromkeys(command.id for command, _attack in CASES)
               if not ONLY or c in ONLY]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> World:
    return World.build(tmp_path_factory.mktemp("template"))


@pytest.mark.parametrize("command_id", COMMAND_IDS)
def test_every_command_ends_cleanly_under_every_attack(command_id, template, tmp_path_factory,
                                                       capsys):
    base = tmp_path_factory.getbasetemp()

    def attempt(number: int, command, attack) -> Verdict:
        world = template.copy(base / f"case-{number}")
        try:
            target = attack.apply(world)
            before = {p.name for p in world.out.iterdir()} if world.out.is_dir() and \
                os.access(world.out, os.R_OK) else set()
            run = world.run_at_terminal(command.argv(world), command.answers) \
                if command.answers else world.run(command.argv(world))
            return Verdict(f"{command.id} x {attack.id}", run,
                           judge(command, attack, world, target, run, before))
        finally:
            make_writable(world.root)
            shutil.rmtree(world.root, ignore_errors=True)

    chosen = [(number, command, attack) for number, (command, attack) in enumerate(CASES)
              if command.id == command_id]
    # each case has its own world and its own process, so they run side by side, one per
    # core; those typed at a terminal fork Python itself (pty.fork) and run alone after them
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        verdicts = list(pool.map(lambda case: attempt(*case),
                                 [case for case in chosen if not case[1].answers]))
    verdicts += [attempt(*case) for case in chosen if case[1].answers]
    failed = [v for v in verdicts if v.problems]
    with capsys.disabled():
        print(f"\nattack matrix, {command_id}: {len(verdicts)} cases tried, "
              f"{len(verdicts) - len(failed)} clean, {len(failed)} not")
    report = "\n".join(f"{v.case}: {'; '.join(v.problems)}\n    $ learnsocial "
                       f"{' '.join(v.run.argv)}\n    exit {v.run.code}: "
                       f"{v.run.text.strip()[-600:]}" for v in failed)
    assert chosen and not failed, report

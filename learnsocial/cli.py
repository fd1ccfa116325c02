"""The `learnsocial` command: parse, call, print. Exit 0 ok, 1 user error, 2 usage.

Commands import what they need when they run, so `validate` or `export` never load pygame.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # our output is ours alone
from pathlib import Path

from learnsocial import __version__, i18n
from learnsocial.errors import UserError  # a problem the user can fix: one line, exit 1
from learnsocial.i18n import _, ngettext
from learnsocial.progress.status import ChapterStatus

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2


# Commands that act for the organisation: they refuse to run on a bad site config.
MANAGED_COMMANDS = ("play", "demo", "export", "employees", "merge", "admin", "sync")


def _language_option(parser: argparse.ArgumentParser, **extra: object) -> None:
    languages = i18n.languages()
    parser.add_argument("--lang", choices=languages, **extra,  # type: ignore[arg-type]
                        help=_("language: {languages}").format(languages=", ".join(languages)))


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR",
                        help=_("course directory (default: the shipped course, or "
                               "LEARNSOCIAL_CONTENT)"))
    parser.add_argument("--data-dir", metavar="DIR",
                        help=_("where progress is stored (default: the user data directory, or "
                               "LEARNSOCIAL_DATA_DIR)"))
    _language_option(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnsocial",
        description=_("LearnSocial: an onboarding course on the social digital workplace."))
    parser.add_argument("--version", action="version", version=f"learnsocial {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help=_("start the course in a window (the default)"),
                               description=_("Start the course in a window."))
    _add_common(play)
    play.add_argument("--chapter", metavar="ID",
                      help=_("preview one chapter without signing in; nothing is recorded"))
    play.add_argument("--scene", metavar="ID",
                      help=_("with --chapter: start at this scene, by its id or its number "
                             "(1 is the first)"))
    mode = play.add_mutually_exclusive_group()
    mode.add_argument("--windowed", action="store_true", help=_("start in a window (default)"))
    mode.add_argument("--fullscreen", action="store_true", help=_("start in full screen"))

    demo = commands.add_parser(
        "demo", help=_("play a chapter headless and save a screenshot of every screen"),
        description=_("Play a chapter through the real screens without a display, by synthetic "
                      "input, and save one PNG per screen."))
    _add_common(demo)
    demo._option_string_actions["--data-dir"].help = _(
        "where the demo's records go (default: a new temporary folder, never your real "
        "progress data); records made by the demo are marked as such")
    demo.add_argument("--screenshots", required=True, metavar="DIR",
                      help=_("folder for the PNG files"))
    demo.add_argument("--chapter", metavar="ID", help=_("chapter to play (default: the next one)"))
    demo.add_argument("--accuracy", type=_share, default=1.0, metavar="A",
                      help=_("share of test questions answered right, 0..1 (default 1)"))
    demo.add_argument("--seed", type=int, default=1, metavar="N",
                      help=_("random seed; the same seed gives the same run"))
    demo.add_argument("--employee", default="demo-001", metavar="ID",
                      help=_("employee id to sign in as (default demo-001)"))
    demo.add_argument("--text-size", type=int, choices=(100, 125, 150), default=100,
                      metavar="PERCENT", help=_("text size: 100, 125 or 150"))
    demo.add_argument("--high-contrast", action="store_true", help=_("use the high-contrast "
                                                                     "theme"))
    checks = demo.add_mutually_exclusive_group()
    checks.add_argument("--audit-layout", action="store_true",
                        help=_("check every screen for text that is cut off, overlaps, runs out "
                               "of its box or is hard to read; exit 1 if anything is found"))
    checks.add_argument("--frame-stats", action="store_true",
                        help=_("draw every frame and print the CPU time per frame of each "
                               "screen (p50, p99, max in ms)"))

    validate = commands.add_parser(
        "validate", help=_("check the course files and report problems by file and line"),
        description=_("Check the course files; print each problem as path:line:col: message."))
    validate.add_argument("content", nargs="?", metavar="CONTENT_DIR",
                          help=_("course directory (default: the shipped course)"))
    validate.add_argument("--strict", action="store_true",
                          help=_("treat warnings as errors"))
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help=_("output format (default text)"))
    content = commands.add_parser(
        "content", help=_("tools for authors: translation status, confirm, JSON Schema"),
        description=_("Tools for content authors."))
    tools = content.add_subparsers(dest="tool", metavar="TOOL", required=True)
    status = tools.add_parser("status", help=_("table of chapters x languages: ok, missing, "
                                               "invalid, structure differs, outdated"),
                              description=_("Show the translation status of every chapter."))
    status.add_argument("content", nargs="?", metavar="CONTENT_DIR")
    status.add_argument("--chapter", metavar="FOLDER",
                        help=_("only this chapter folder (or 'course'), with every outdated "
                               "text by line"))
    confirm = tools.add_parser(
        "confirm", help=_("mark translations as up to date with the source texts"),
        description=_("Record the current source texts as translated, so 'status' stops "
                      "calling these translations outdated."))
    confirm.add_argument("content", nargs="?", metavar="CONTENT_DIR")
    confirm.add_argument("--lang", action="append", dest="languages", metavar="LANG",
                         help=_("language to confirm (repeatable; default: all)"))
    confirm.add_argument("--chapter", metavar="FOLDER",
                         help=_("only this chapter folder, e.g. 02-working-on-the-platform, or "
                                "'course'"))
    confirm.add_argument("--id", metavar="PATH", dest="key",
                         help=_("only this text, by its path as status and validate name it, "
                                "e.g. scenes/hello/text (needs --chapter)"))
    schema = tools.add_parser("schema", help=_("print the JSON Schema of the chapter format"),
                              description=_("Print the JSON Schema of the chapter (or course) "
                                            "format, for editors."))
    schema.add_argument("--course", action="store_true",
                        help=_("the schema of the course file instead"))
    export = commands.add_parser(
        "export", help=_("export completion records for HR (csv, xlsx, json, html, xapi)"),
        description=_("Export one row per employee and chapter (everyone on the roster, "
                      "signed in or not) and one for the course, or the xAPI statements. "
                      "Times are shown in the machine's time zone (or --tz) with its offset."))
    export.add_argument("--format", required=True,
                        choices=("csv", "xlsx", "json", "html", "xapi"), help=_("file format"))
    export.add_argument("--out", required=True, metavar="FILE", help=_("file to write"))
    export.add_argument("--since", metavar="YYYY-MM-DD",
                        help=_("only activity on or after this day (in the report's time zone)"))
    export.add_argument("--until", metavar="YYYY-MM-DD",
                        help=_("only activity on or before this day (in the report's time "
                               "zone)"))
    export.add_argument("--tz", metavar="ZONE",
                        help=_("time zone for times and days, e.g. Europe/Stockholm (default: "
                               "this machine's)"))
    export.add_argument("--chapter", metavar="ID",
                        help=_("only this chapter (or the course id: only the course rows)"))
    export.add_argument("--status", choices=[str(s) for s in ChapterStatus],
                        help=_("only rows with this status"))
    export.add_argument("--department", metavar="D", help=_("only this department"))
    export.add_argument("--overdue", action="store_true",
                        help=_("only rows past their due date and not completed"))
    export.add_argument("--delimiter", default=",", metavar="C",
                        help=_("CSV delimiter: , ; or tab (default ,)"))
    export.add_argument("--excel", choices=("sv", "de", "en"), metavar="LANG",
                        help=_("CSV for Excel or LibreOffice in this language (sv, de, en): its "
                               "list separator, decimal comma and local dates, so numbers and "
                               "dates open as such"))
    export.add_argument("--include-demo", action="store_true",
                        help=_("include records made by 'learnsocial demo'"))
    export.add_argument("--from-lrs", metavar="URL",
                        help=_("build the report from the statements in this LRS (its xAPI "
                               "endpoint) instead of this data folder; the roster of this "
                               "folder joins in, and what was read is cached here, so the "
                               "next report reads only what is new"))
    export.add_argument("--user", metavar="U",
                        help=_("LRS user for --from-lrs (the password as for sync)"))
    export.add_argument("--refresh", action="store_true",
                        help=_("with --from-lrs: read everything again, not only what is new"))
    _add_data_options(export)

    employees = commands.add_parser("employees",
                                    help=_("import the roster; list, show or erase employees"),
                                    description=_("Import the roster from an HR system; list, "
                                                  "show or erase employees' records."))
    employee_tools = employees.add_subparsers(dest="tool", metavar="ACTION", required=True)
    roster = employee_tools.add_parser(
        "import", help=_("add or update employees from a roster (CSV or XLSX)"),
        description=_("Add or update employees from an HR system's roster, a CSV or XLSX file "
                      "with the columns employee_id, display_name and optionally department, "
                      "manager, start_date, due_date (dates like 2026-01-15). All or nothing: "
                      "any problem is reported as FILE:row:column and nothing is imported. "
                      "Importing the same file again changes nothing."))
    roster.add_argument("file", metavar="FILE")
    _add_data_options(roster)
    listing = employee_tools.add_parser("list", help=_("one line per employee"),
                                        description=_("List every employee."))
    listing.add_argument("--include-demo", action="store_true",
                         help=_("include records made by 'learnsocial demo'"))
    _add_data_options(listing)
    show = employee_tools.add_parser("show", help=_("everything stored about one employee"),
                                     description=_("Print everything stored about one "
                                                   "employee (for an access request)."))
    show.add_argument("employee_id", metavar="ID")
    _add_data_options(show)
    erase = employee_tools.add_parser("erase", help=_("remove one employee everywhere"),
                                      description=_("Remove one employee everywhere: records, "
                                                    "attempts, statements and backups."))
    erase.add_argument("employee_id", metavar="ID")
    erase.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    _add_data_options(erase)

    merge = commands.add_parser("merge", help=_("merge progress from other desktops' data "
                                                "directories"),
                                description=_("Merge the progress of other data directories "
                                              "into the local store, without duplicates."))
    merge.add_argument("sources", nargs="+", metavar="DATA_DIR")
    _add_data_options(merge)

    admin = commands.add_parser("admin", help=_("HR area settings"),
                                description=_("Settings of the HR area."))
    admin_tools = admin.add_subparsers(dest="tool", metavar="ACTION", required=True)
    set_phrase = admin_tools.add_parser(
        "set-passphrase", help=_("set the HR passphrase of a data folder"),
        description=_("Set the HR passphrase kept in the data folder (admin.json): the current "
                      "one first, if there is one, then the new one twice; nothing is shown. "
                      "The app itself never sets one."))
    set_phrase.add_argument(
        "--reset", action="store_true",
        help=_("set a new passphrase without the current one (forgotten or damaged); this "
               "works for anyone who can write the data folder"))
    _add_data_options(set_phrase)
    admin_tools.add_parser(
        "print-hash", help=_("print a passphrase's hash for the site config"),
        description=_("Ask for a passphrase twice and print the admin_passphrase_hash record "
                      "to put in the site config; nothing is stored."))

    sync = commands.add_parser(
        "sync", help=_("send queued xAPI statements to a Learning Record Store"),
        description=_("Send every queued xAPI statement to an LRS. The password comes from "
                      "LEARNSOCIAL_LRS_PASSWORD or a prompt, never from the command line."))
    sync.add_argument("--lrs", required=True, metavar="URL",
                      help=_("the LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI"))
    sync.add_argument("--user", required=True, metavar="U", help=_("LRS user (basic auth)"))
    sync.add_argument("--include-demo", action="store_true",
                      help=_("send the statements of records made by 'learnsocial demo' too"))
    _add_data_options(sync)

    translations = commands.add_parser(
        "i18n", help=_("tools for translators of the UI"),
        description=_("Tools for translators of the UI strings."))
    i18n_tools = translations.add_subparsers(dest="tool", metavar="TOOL", required=True)
    i18n_tools.add_parser("check", help=_("list untranslated, fuzzy or broken messages"),
                          description=_("List every UI message that is untranslated, fuzzy or "
                                        "has placeholders that differ; exit 1 if any."))
    return parser


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help=_("where progress is stored (default: the user data directory, or "
                               "LEARNSOCIAL_DATA_DIR)"))
    parser.add_argument("--content", metavar="DIR", help=_("course directory (for chapter "
                                                           "titles)"))
    _language_option(parser)


def _share(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a number").format(value=value)) from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(_("must be between 0 and 1"))
    return number


def run() -> None:
    """The `learnsocial` command: main(), then the process ends without the garbage collector's
    last pass over every object left (gc.freeze; about a seventh of a `validate` run)."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    i18n.set_language(i18n.negotiate(i18n.system_language()))
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("-") and args_list[0] not in (
            "-h", "--help", "--version"):
        args_list.insert(0, "play")
    parser = build_parser()
    args = parser.parse_args(args_list)
    if getattr(args, "lang", None):
        i18n.set_language(args.lang)
    # validate reads course files only, and nothing on its way logs: it does without logging
    # (5 ms of its 0.15 s budget)
    restore = _notes_to_stderr() if args.command != "validate" else None
    try:
        return _run(args, parser)
    finally:
        if restore is not None:
            restore()


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        if args.command in MANAGED_COMMANDS:
            from learnsocial.config import load_site_config

            load_site_config()  # raises ConfigError (one line): never run unmanaged by mistake
        if args.command == "play":
            return _play(args)
        if args.command == "demo":
            return _demo(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "content":
            return _content(args)
        if args.command in ("export", "employees", "merge", "admin", "sync"):
            from learnsocial import hr_commands

            command = {"export": hr_commands.export, "employees": hr_commands.employees,
                       "merge": hr_commands.merge, "admin": hr_commands.admin,
                       "sync": hr_commands.sync}[args.command]
            return command(args, lambda: _open_hr_store(args))
        if args.command == "i18n":
            problems = i18n.check_catalogs()
            for line in problems:
                print(line)
            print(ngettext("{count} message to do", "{count} messages to do", len(problems))
                  .format(count=len(problems)), file=sys.stderr)
            return EXIT_USER if problems else EXIT_OK
    except UserError as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return EXIT_USER
    except BrokenPipeError:  # e.g. `learnsocial content status | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        known = known_problem(error)
        if known is not None:
            print(_("error: {message}").format(message=known), file=sys.stderr)
            return EXIT_USER
        # a bug: one line for the user, the details in a log file
        log = _write_crash_log()
        print(_("error: unexpected {kind}: {message} (details in {path})").format(
            kind=type(error).__name__, message=error, path=log), file=sys.stderr)
        return EXIT_USER
    parser.print_help()
    return EXIT_USAGE


def _write_crash_log() -> str:
    """Where the details of an unexpected error went (never fails: the disk may be full)."""
    import tempfile
    import traceback

    path = Path(os.environ.get("TMPDIR") or "/tmp") / "learnsocial-error.log"
    try:
        path = Path(tempfile.gettempdir()) / "learnsocial-error.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:  # gettempdir() found no writable folder, or the write failed
        return _("nowhere: {path} cannot be written").format(path=path)
    return str(path)


def known_problem(error: Exception) -> str | None:
    """The one line for an error that is the input's fault, not a bug: the store's and the
    content's errors (their messages name the file and the problem), a file the command
    needed (named with the system's reason), input nested too deeply. None for a bug."""
    kinds = [getattr(sys.modules.get(module), name, None) for module, name in (
        ("learnsocial.progress.storage", "StoreError"),
        ("learnsocial.content.loader", "ContentError"))]  # loaded only if used
    if any(kind is not None and isinstance(error, kind) for kind in kinds):
        return one_line(str(error))
    if isinstance(error, OSError):
        return os_problem(error)
    if isinstance(error, RecursionError):
        return _("an input file is nested too deeply")
    return None


def one_line(text: str) -> str:
    """A message on one line, whatever a file name or a library put in it."""
    return " ".join(text.split())


def os_problem(error: OSError) -> str:
    """'PATH: reason' for a failed file operation."""
    reason = error.strerror or str(error)
    name = error.filename
    if name is None:
        return one_line(reason)
    if isinstance(error, IsADirectoryError):
        reason = _("a folder is where a file should be")
    return one_line(f"{os.fsdecode(name)}: {reason}")


def _open_store(args, existing: bool = False):
    from learnsocial.paths import data_dir
    from learnsocial.progress.store import FutureVersionError, ProgressStore, StoreError

    directory = data_dir(args.data_dir)
    if existing and not directory.is_dir():
        if directory.exists():
            raise UserError(_("{path} is a file, not a progress folder").format(path=directory))
        raise UserError(_("no progress data in {path}").format(path=directory))
    try:
        # the app must be able to save; HR commands also read a folder they cannot write
        return ProgressStore(directory, read_only=None if existing else False)
    except FutureVersionError:
        raise
    except (StoreError, OSError) as error:
        raise UserError(_("cannot use the progress data in {path}: {reason}").format(
            path=directory, reason=one_line(str(error) if isinstance(error, StoreError)
                                            else error.strerror or str(error)))) from error


def _open_hr_store(args):
    """The store for an HR command; a folder it cannot write is read read-only, and that is
    said once."""
    store = _open_store(args, existing=True)
    if store.may_be_stale:
        print(_("note: {path} is read-only here, so nothing is repaired or recorded; the "
                "figures may be stale if another process writes").format(path=store.data_dir),
              file=sys.stderr)
    return store


def _notes_to_stderr():
    """Warnings go to stderr as 'note:' lines while a command runs, never with a traceback;
    returns what puts logging back as it was."""
    import logging

    class NoteFormatter(logging.Formatter):
        """A warning of the library (a damaged file repaired, a backup restored): one line."""

        def format(self, record: logging.LogRecord) -> str:
            return _("note: {notice}").format(notice=one_line(record.getMessage()))

    handler = logging.StreamHandler()
    handler.setFormatter(NoteFormatter())
    handler.setLevel(logging.WARNING)
    library = logging.getLogger("learnsocial")
    before = library.handlers[:], library.propagate
    library.handlers[:] = [handler]
    library.propagate = False

    def restore() -> None:
        library.handlers[:], library.propagate = before
    return restore


def _session(args, store):
    from learnsocial.app.session import Session
    from learnsocial.content.loader import ContentError
    from learnsocial.paths import content_dir

    session = Session(content_dir(args.content), store)
    session.language = i18n.negotiate(args.lang, i18n.system_language())
    session.language_chosen = bool(args.lang)
    i18n.set_language(session.language)
    try:
        session.load_course()
    except ContentError as error:
        raise UserError(str(error)) from None
    if not session.course.chapters:
        raise UserError(_("the course in {path} has no chapters").format(path=args.content or
                                                                            "chapters/"))
    return session


def _has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _play(args) -> int:
    if not _has_display():
        raise UserError(_("no display found; to see the course without one, run "
                          "'learnsocial demo --screenshots DIR'"))
    import pygame

    preview = args.chapter is not None
    if args.scene and not preview:
        raise UserError(_("--scene needs --chapter"))
    store = None if preview else _open_store(args)
    session = _session(args, store)
    chapter, scene_id = None, None
    if preview:
        chapter = session.course.chapter(args.chapter)
        if chapter is None:
            raise UserError(_("no chapter with the id '{id}' (known: {known})").format(
                id=args.chapter, known=", ".join(c.id for c in session.course.chapters)))
        scene_id = start_scene(chapter, args.scene)
    from learnsocial.ui.app import App, steady_memory

    try:
        app = App(session, fullscreen=args.fullscreen)
    except pygame.error as error:
        raise UserError(_("cannot open a window ({reason}); try 'learnsocial demo "
                          "--screenshots DIR'").format(reason=error)) from None
    if chapter is not None:
        app.flow.chapter(chapter, scene_id)
    else:
        app.flow.title()
    with steady_memory(app):
        return app.run()


def start_scene(chapter, value: str | None) -> str:
    """The id of the scene `--scene` names, by id or by number (1 is the first)."""
    scenes = chapter.scenes
    if not value:
        return scenes[0].id
    if chapter.scene(value) is not None:
        return value
    if value.strip().isdigit():
        number = int(value)
        if not 1 <= number <= len(scenes):
            raise UserError(_("--scene must be between 1 and {count}").format(count=len(scenes)))
        return scenes[number - 1].id
    raise UserError(_("chapter '{chapter}' has no scene '{scene}' (give an id such as "
                      "'{example}', or a number from 1 to {count})").format(
                          chapter=chapter.id, scene=value, example=scenes[0].id,
                          count=len(scenes)))


def _demo(args) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from learnsocial.progress.records import valid_employee_id

    if not valid_employee_id(args.employee):
        raise UserError(_("'{id}' is not a valid employee id").format(id=args.employee))
    out = Path(args.screenshots)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(_("cannot create {path}: {reason}").format(path=out,
                                                                 reason=error.strerror)) from error
    if not args.data_dir:  # a demo never writes into the real progress data
        import tempfile

        args.data_dir = tempfile.mkdtemp(prefix="learnsocial-demo-")
        print(_("The demo's records go to {path} (a new temporary folder).").format(
            path=args.data_dir), file=sys.stderr)
    store = _open_store(args)
    session = _session(args, store)
    session.demo = True  # the records it makes are marked, and reports leave them out
    from learnsocial.ui.app import App, steady_memory
    from learnsocial.ui.demo import Demo, DemoError

    app = App(session, seed=args.seed)
    demo = Demo(app, out, chapter_id=args.chapter, accuracy=args.accuracy, seed=args.seed,
                employee_id=args.employee, employee_name=_("Demo Learner"),
                settings={"text_scale": args.text_size / 100,
                          "high_contrast": args.high_contrast},
                audit=args.audit_layout, frame_stats=args.frame_stats)
    try:
        with steady_memory(app):
            run = demo.play()
    except DemoError as error:
        raise UserError(str(error)) from None
    print(run.summary())
    if demo.stats is not None:
        print("\n".join(demo.stats.table()))
    if demo.audit is not None:
        problems = demo.audit.report()
        for problem in problems:
            print(problem)
        print(ngettext("layout audit: {count} problem in {frames} frames",
                       "layout audit: {count} problems in {frames} frames", len(problems))
              .format(count=len(problems), frames=demo.audit.frames))
        return EXIT_USER if problems else EXIT_OK
    return EXIT_OK


def _validate(args) -> int:
    from learnsocial.content.validation import validate_course
    from learnsocial.paths import assets_dir, content_dir

    root = content_dir(args.content)
    # One pass that builds many objects and no reference cycles: the cycle collector would only
    # rescan them (about a twelfth of the command's time), so it waits until the pass is done.
    gc.disable()
    try:
        problems = validate_course(root, assets_dir(root))
    finally:
        gc.enable()
    found = problems.sorted()
    if args.format == "json":
        import json

        print(json.dumps([p.to_dict() for p in found], ensure_ascii=False, indent=2))
    else:
        for problem in found:
            print(problem)
        print(_("{errors} errors, {warnings} warnings").format(
            errors=len(problems.errors), warnings=len(problems.warnings)), file=sys.stderr)
    failed = problems.errors or (args.strict and problems.warnings)
    return EXIT_USER if failed else EXIT_OK


def _content(args) -> int:
    import json

    from learnsocial.content import schema, status
    from learnsocial.paths import assets_dir, content_dir

    if args.tool == "schema":
        document = schema.course_schema() if args.course else schema.chapter_schema()
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    root = content_dir(args.content)
    if not root.is_dir():
        raise UserError(_("no such course directory: {path}").format(path=root))
    from learnsocial.content import translations
    from learnsocial.content.loader import course_languages

    source = status.course_source(root)
    folders = [f.name for f in status.translated_folders(root)]
    if args.chapter and args.chapter not in folders:
        raise UserError(_("no chapter folder '{name}' (known: {known})").format(
            name=args.chapter, known=", ".join(folders)))
    if args.tool == "status":
        print(status.render(status.course_status(root, assets_dir(root), source, args.chapter)))
        return EXIT_OK
    known = course_languages(root)
    unknown = [lang for lang in args.languages or [] if lang not in known]
    if unknown:
        raise UserError(_("'{lang}' is not a language of the course (it has: {known})").format(
            lang=unknown[0], known=", ".join(known)))
    if args.key and not args.chapter:
        raise UserError(_("--id needs --chapter: the same path exists in every chapter"))
    chosen = [args.chapter] if args.chapter else folders
    if args.key and args.key not in translations.texts_of(root / args.chapter /
                                                            f"{source}.yaml"):
        raise UserError(_("{chapter}/{source}.yaml has no text '{key}'").format(
            chapter=args.chapter, source=source, key=args.key))
    languages = args.languages or [lang for lang in known if lang != source]
    try:
        count = translations.confirm(root, chosen, languages, source, args.key)
    except OSError as error:
        raise UserError(_("cannot write {path}: {reason}").format(
            path=root / translations.LOCK_FILE, reason=error.strerror)) from error
    except translations.SourceUnreadable as error:
        raise UserError(str(error)) from None
    print(ngettext("{count} text confirmed", "{count} texts confirmed", count)
          .format(count=count))
    return EXIT_OK

"""The HR commands of the CLI: export, employees, merge, admin. Parse in cli.py, work here."""
from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TypeVar

from learnsocial import i18n
from learnsocial.app.reports import Reports
from learnsocial.config import load_config
from learnsocial.errors import UserError
from learnsocial.i18n import _, ngettext
from learnsocial.paths import assets_dir, content_dir, data_dir
from learnsocial.progress.status import ChapterStatus

EXIT_OK = 0
T = TypeVar("T")


def _course(args):
    """The course in the report's language, or None when it cannot be read (the export then
    names chapters by their ids)."""
    from learnsocial.content.loader import ContentError, load_course

    language = i18n.negotiate(args.lang, i18n.active_language())
    try:
        root = content_dir(args.content)
        return load_course(root, language, assets_dir(root))
    except ContentError:
        return None


def _progress_printer(total: int):
    """A one-line progress counter on stderr for long exports (only on a terminal)."""
    if total < 200 or not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        if done % 100 == 0 or done == total:
            line = _("Reading employees: {done} / {total}").format(done=done, total=total)
            print("\r" + line, end="" if done < total else "\n", file=sys.stderr, flush=True)
    return show


def _day(value: str | None, option: str):
    """A --since/--until value as a date; a bad one is a user error (exit 1), not usage."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(_("{option}: '{value}' is not a date like 2026-11-22").format(
            option=option, value=value)) from None


def _zone(name: str | None):
    """--tz as a time zone (None: the machine's)."""
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(_("--tz: '{name}' is not a time zone such as Europe/Stockholm").format(
            name=name)) from None


DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t"}


def _delimiter(value: str) -> str:
    found = DELIMITERS.get(value.lower())
    if found is None:
        raise UserError(_("--delimiter: '{value}' cannot be used; use , ; or tab").format(
            value=value))
    return found


def reports_for(args, store, course=None):
    """The report service for a command's options (--tz, --include-demo, the site config's
    due_days)."""
    from learnsocial.config import load_config

    config = load_config(store.data_dir)
    return Reports.for_course(store, course, due_days=config.due_days,
                              tz=_zone(getattr(args, "tz", None)),
                              include_demo=getattr(args, "include_demo", False))


def _written(out: Path, write: Callable[[Path], T]) -> T:
    """write(path) into a temporary file next to out, then renamed over it: a failed export
    leaves no file behind. A store that fails while rows are read is the store's error (it names
    its own file); every other OSError is the output's."""
    from learnsocial.atomicfile import replacing
    from learnsocial.progress.storage import StoreError

    try:
        with replacing(out) as temporary:
            return write(temporary)
    except StoreError:
        raise
    except OSError as error:
        if out.is_dir():
            reason = _("a folder is where a file should be")
        else:
            reason = error.strerror or str(error)
        raise UserError(_("cannot write {path}: {reason}").format(
            path=out, reason=reason)) from error


def export(args, open_store) -> int:
    from learnsocial.progress import report

    since, until = _day(args.since, "--since"), _day(args.until, "--until")
    if since and until and since > until:
        raise UserError(_("--since {since} is after --until {until}: no day is both").format(
            since=args.since, until=args.until))
    delimiter = _delimiter(args.delimiter)
    if args.excel and args.format != "csv":
        raise UserError(_("--excel is for --format csv (XLSX is always right for Excel)"))
    if args.excel and args.delimiter != ",":
        raise UserError(_("--excel sets the delimiter itself; leave out --delimiter"))
    tz = _zone(args.tz)
    if args.excel and not args.lang:  # headings and statuses in the spreadsheet's language
        i18n.set_language(args.excel)
    out = Path(args.out)
    if out.parent and not out.parent.is_dir():
        raise UserError(_("cannot write {path}: the folder does not exist").format(path=out))
    from_lrs = getattr(args, "from_lrs", None)
    if from_lrs is None and (getattr(args, "user", None) or getattr(args, "refresh", False)):
        raise UserError(_("--user and --refresh go with --from-lrs"))
    if from_lrs is not None:
        if args.format == "xapi":
            raise UserError(_("--from-lrs makes reports (csv, xlsx, json, html); the LRS "
                              "itself holds the statements"))
        if not args.user:
            raise UserError(_("--from-lrs needs --user (the LRS user; the password as for "
                              "sync)"))
        data_dir(args.data_dir).mkdir(parents=True, exist_ok=True)  # for the cache
    if out.is_dir():
        raise UserError(_("cannot write {path}: {reason}").format(
            path=out, reason=_("a folder is where a file should be")))
    store = open_store()
    if args.format == "xapi":
        from learnsocial.progress import xapi

        chosen = xapi.select(store.statements(), since, until, args.chapter)
        _written(out, lambda path: xapi.write_statements(chosen, path))
        print(ngettext("{count} statement written to {path}", "{count} statements written to "
                       "{path}", len(chosen)).format(count=len(chosen), path=out))
        return EXIT_OK
    course = _course(args)
    if from_lrs is not None:
        store = _lrs_records(args, store, course)
    reports = reports_for(args, store, course)
    known = [c for c, _t in reports.chapters] + ([course.id] if course else [])
    if args.chapter and args.chapter not in known:
        raise UserError(_("no chapter with the id '{id}' (known: {known})").format(
            id=args.chapter, known=", ".join(known)))
    keep = report.ReportFilter(since, until, args.chapter, args.status, args.department,
                               args.overdue)
    if args.department and not any(keep.keeps_person(e) for e in reports.employees()):
        departments = sorted({e.department for e in reports.employees() if e.department},
                             key=str.casefold)
        raise UserError(_("no employee in the department '{name}' (known: {known})").format(
            name=args.department, known=", ".join(departments) or _("none")))
    moment = reports.clock().astimezone(tz)
    title = _("LearnSocial completion report")
    generated = _("Generated {when} ({zone})").format(when=report.when(moment),
                                                      zone=report.zone_name(tz, moment))
    if args.format == "csv":
        printer = _progress_printer(len(reports.employees()))
        count = _written(out, lambda path: report.write_csv(
            reports.iter_rows(keep, printer), path, delimiter, excel=args.excel, tz=tz))
    elif args.format == "json":
        count = _written(out, lambda path: report.write_json(reports.iter_rows(keep), path))
    else:
        text = reports.text(title, generated, reports.describe(keep))
        found = reports.figures(keep)
        write = report.write_xlsx if args.format == "xlsx" else report.write_html
        count = _written(out, lambda path: write(reports.iter_rows(keep), path, found, text))
    print(ngettext("{count} row written to {path}", "{count} rows written to {path}",
                   count).format(count=count, path=out))
    left_out = reports.demo_count()
    if left_out:
        print(ngettext("{count} demo record left out (--include-demo adds it)",
                       "{count} demo records left out (--include-demo adds them)",
                       left_out).format(count=left_out), file=sys.stderr)
    return EXIT_OK


def _lrs_records(args, store, course):
    """The records of a report from the LRS (--from-lrs), read through the cache in the data
    folder; what the read did goes to stderr."""
    from learnsocial.app.lrs_reports import read_from_lrs
    from learnsocial.progress.lrs import LRSError

    if course is None:
        raise UserError(_("--from-lrs needs the course, whose id names its statements; check "
                          "--content"))
    password = _lrs_password(args.user)
    shown = _read_printer()
    try:
        reading = read_from_lrs(store, args.from_lrs, args.user, password, course,
                                load_config(store.data_dir).xapi, refresh=args.refresh,
                                on_progress=shown)
    except LRSError as error:
        shown(-1, -1)
        raise UserError(str(error)) from None
    shown(-1, -1)
    print(ngettext("{count} statement read from the LRS ({new} new, {cached} in the cache)",
                   "{count} statements read from the LRS ({new} new, {cached} in the cache)",
                   reading.read).format(count=i18n.number(reading.read),
                                        new=i18n.number(reading.new),
                                        cached=i18n.number(reading.cached)), file=sys.stderr)
    if reading.skipped:
        print(ngettext("{count} statement had fields of the wrong kind and was left out",
                       "{count} statements had fields of the wrong kind and were left out",
                       reading.skipped).format(count=reading.skipped), file=sys.stderr)
    if reading.unused:
        print(ngettext("{count} statement about the course was not one LearnSocial can use",
                       "{count} statements about the course were not ones LearnSocial can use",
                       reading.unused).format(count=reading.unused), file=sys.stderr)
    if reading.cache_problem:
        print(_("the LRS cache could not be saved in {path} ({reason}); the next report reads "
                "everything again").format(path=store.data_dir, reason=reading.cache_problem),
              file=sys.stderr)
    return reading.records


def _read_printer():
    """Progress of a read on stderr: "read 1,200 statements …" on one line on a terminal,
    else a line every 10 pages. Called with (-1, -1) when the read ends."""
    terminal = sys.stderr.isatty()
    state = {"shown": False}

    def show(count: int, pages: int) -> None:
        if count < 0:
            if state["shown"] and terminal:
                print(file=sys.stderr)
            return
        if terminal or pages % 10 == 0:
            line = ngettext("read {count} statement …", "read {count} statements …",
                            count).format(count=i18n.number(count))
            print("\r" + line if terminal else line, end="" if terminal else "\n",
                  file=sys.stderr, flush=True)
            state["shown"] = True
    return show


def _lrs_password(user: str) -> str:
    """The LRS password: LEARNSOCIAL_LRS_PASSWORD, else asked on the terminal."""
    import os

    password = os.environ.get("LEARNSOCIAL_LRS_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UserError(_("set LEARNSOCIAL_LRS_PASSWORD or run in a terminal to be asked "
                              "for the password"))
        password = getpass.getpass(_("Password for {user} at the LRS: ").format(user=user))
    return password


def employees(args, open_store) -> int:
    if args.tool == "import":
        return import_roster(args, open_store)
    store = open_store()
    if args.tool == "list":
        reports = reports_for(args, store)
        people = reports.employees()
        for person in people:
            done = sum(1 for p in reports.progress_of(person.employee_id).values()
                       if p.status == ChapterStatus.COMPLETED)
            print(f"{person.employee_id}\t{person.display_name}\t{person.department or '-'}\t"
                  + ngettext("{count} chapter completed", "{count} chapters completed", done)
                  .format(count=done))
        print(ngettext("{count} employee", "{count} employees", len(people)).format(
            count=len(people)), file=sys.stderr)
        return EXIT_OK
    person = store.employee(args.employee_id)
    if person is None:
        if store.is_erased(args.employee_id):
            raise UserError(_("{id} was erased from this data; nothing is kept about them").format(
                id=args.employee_id))
        raise UserError(_("no employee with the id '{id}'").format(id=args.employee_id))
    if args.tool == "show":
        record = {
            "employee": asdict(person),
            "progress": [asdict(p) for p in store.progress(person.employee_id).values()],
            "attempts": [asdict(a) for a in store.attempts(person.employee_id)],
            "statements": store.statements(person.employee_id),
        }
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(_("erasing needs confirmation: run it in a terminal or add --yes"))
        answer = input(_("Erase {name} ({id}) everywhere, including backups? Type the id to "
                         "confirm: ").format(name=person.display_name, id=person.employee_id))
        if answer.strip().casefold() != person.employee_id.casefold():
            print(_("Nothing erased."))
            return EXIT_OK
    sent = _sent_to_an_lrs(store, person.employee_id)
    store.erase_employee(person.employee_id)
    if not store.read_only:  # and from what reports read from an LRS (lrs-cache/)
        from learnsocial.progress.lrs_cache import forget_person

        forget_person(store.data_dir, person.employee_id)
    print(_("{id} erased.").format(id=person.employee_id))
    print(_("Not reached: copies in other desktops' data folders (erase them there too; a "
            "merge from them is refused for this id) and exports made earlier."))
    if sent:
        lrs = load_config(store.data_dir).lrs_url
        print(ngettext(
            "{count} statement about {id} was already sent to a Learning Record Store{lrs} and "
            "is not erased there: remove it in the LRS (README, 'Erasing someone from an "
            "LRS').",
            "{count} statements about {id} were already sent to a Learning Record Store{lrs} "
            "and are not erased there: remove them in the LRS (README, 'Erasing someone from "
            "an LRS').", sent).format(count=sent, id=person.employee_id,
                                      lrs=f" ({lrs})" if lrs else ""))
    return EXIT_OK


def import_roster(args, open_store) -> int:
    """`employees import FILE`: the roster from an HR system, all or nothing."""
    from learnsocial.app import roster

    path = Path(args.file)
    try:
        parsed = roster.read_roster(path)
    except roster.RosterError as error:
        for line in error.problems:
            print(line, file=sys.stderr)
        raise UserError(ngettext("{count} problem in {path}; nothing was imported",
                                 "{count} problems in {path}; nothing was imported",
                                 len(error.problems)).format(count=len(error.problems),
                                                             path=path)) from None
    for warning in parsed.warnings:
        print(warning, file=sys.stderr)
    store = open_store()
    try:
        result = store.upsert_roster(parsed.rows)
    except ValueError as error:  # the store's own check (should not happen after ours)
        raise UserError(f"{path}: {error}") from error
    for employee_id in result.refused:
        print(_("{id} was erased here and is not imported again").format(id=employee_id),
              file=sys.stderr)
    print(_("{path}: {added} added, {updated} updated, {unchanged} unchanged").format(
        path=path, added=result.added, updated=result.updated, unchanged=result.unchanged)
        + (ngettext("; {count} erased person refused", "; {count} erased people refused",
                    len(result.refused)).format(count=len(result.refused))
           if result.refused else ""))
    return EXIT_OK


def _sent_to_an_lrs(store, employee_id: str) -> int:
    """How many of a person's statements an LRS accepted (counted from the archive and the
    outbox before they are erased here)."""
    from learnsocial.progress.records import canonical_id

    key = canonical_id(employee_id)
    waiting = sum(1 for shown, _s in store.unsent_statements() if canonical_id(shown) == key)
    return max(0, len(store.statements(employee_id)) - waiting)


def merge(args, open_store) -> int:
    from learnsocial.cli import one_line, os_problem
    from learnsocial.progress.store import FutureVersionError, ProgressStore, StoreError

    store = open_store()
    if store.read_only:
        raise UserError(_("cannot merge into {path}: the folder is read-only here").format(
            path=store.data_dir))
    for source in args.sources:
        path = Path(source)
        if not path.is_dir():
            raise UserError(_("cannot read {path}: no such folder").format(path=path))
        if path.resolve() == store.data_dir.resolve():
            raise UserError(_("{path} is the local store itself").format(path=path))
        try:
            added = store.merge_from(ProgressStore(path, read_only=True))
        except FutureVersionError:
            raise
        except StoreError as error:  # names the file and the problem; nothing was merged
            raise UserError(_("cannot merge {path}: {reason}").format(
                path=path, reason=one_line(str(error)))) from None
        except OSError as error:
            raise UserError(_("cannot merge {path}: {reason}").format(
                path=path, reason=os_problem(error))) from None
        print(_("{path}: {employees} employees, {attempts} new attempts merged").format(
            path=path, employees=added.employees, attempts=added.attempts))
        for employee_id in added.refused:
            print(_("{path}: {id} was erased here and is not brought back").format(
                path=path, id=employee_id), file=sys.stderr)
    return EXIT_OK


class _SyncView:
    """The store as sync sees it: demo records left out unless asked for, and nothing of a
    person erased here (erasing removes their statements; this holds even if some came back
    by another way)."""

    def __init__(self, store, include_demo: bool):
        self.store = store
        self.data_dir = store.data_dir
        self.left_out = set() if include_demo else {
            e.employee_id.casefold() for e in store.employees() if e.demo}
        self.erased: set[str] = set()

    def unsent_statements(self) -> list[tuple[str, dict]]:
        found = []
        for eid, statement in self.store.unsent_statements():
            if eid.casefold() in self.left_out:
                continue
            if self.store.is_erased(eid):
                self.erased.add(eid)
                continue
            found.append((eid, statement))
        return found

    def mark_sent(self, employee_id: str, statement_ids) -> None:
        self.store.mark_sent(employee_id, statement_ids)


def sync(args, open_store) -> int:
    """Send every queued statement to the LRS; statements stay queued until it accepts them."""
    from learnsocial.progress.lrs import LRSClient, LRSError, sync_store

    password = _lrs_password(args.user)
    store = _SyncView(open_store(), getattr(args, "include_demo", False))
    if store.left_out:
        print(ngettext("{count} demo record is not sent (--include-demo sends it)",
                       "{count} demo records are not sent (--include-demo sends them)",
                       len(store.left_out)).format(count=len(store.left_out)), file=sys.stderr)
    if store.store.read_only:
        raise UserError(_("cannot send from {path}: the folder is read-only here, so what "
                          "the LRS accepts could not be recorded").format(path=store.data_dir))
    waiting = store.unsent_statements()
    for employee_id in sorted(store.erased):
        print(_("{id} was erased here; nothing of theirs is sent").format(id=employee_id),
              file=sys.stderr)
    if not waiting:
        print(_("Nothing to send: every statement is already in the LRS."))
        return EXIT_OK
    client = LRSClient(args.lrs, args.user, password)
    total = len(waiting)
    sent = 0

    def show(done: int, of: int) -> None:
        nonlocal sent
        sent = done
        if of >= 100:
            print("\r" + _("Sent {done} / {total}").format(done=done, total=of), end="",
                  file=sys.stderr, flush=True)

    try:
        rejected = sync_store(store, client, load_config(store.data_dir).xapi.home_page,
                              show).rejected
    except LRSError as error:
        if total >= 100:
            print(file=sys.stderr)
        raise UserError(_("{reason}; {sent} sent, {left} still queued").format(
            reason=error, sent=sent, left=total - sent)) from None
    if total >= 100:
        print(file=sys.stderr)
    for rejection in rejected:
        print(_("statement {id} refused by the LRS ({status}): {reason}").format(
            id=rejection.statement_id, status=rejection.status, reason=rejection.reason),
            file=sys.stderr)
    print(ngettext("{count} statement sent", "{count} statements sent", sent).format(count=sent)
          + (_("; {count} refused and still queued").format(count=len(rejected))
             if rejected else ""))
    left = len(store.unsent_statements())  # anything still queued is a failed sync
    if left and not rejected:
        print(ngettext("{count} statement still queued", "{count} statements still queued",
                       left).format(count=left), file=sys.stderr)
    return 1 if left else EXIT_OK


def admin(args, open_store) -> int:
    """set-passphrase (admin.json in the data folder) or print-hash (for the site config)."""
    from learnsocial.progress import passphrase

    if not sys.stdin.isatty():
        raise UserError(_("set the passphrase in a terminal (it is read without echo)"))
    if args.tool == "print-hash":
        record = passphrase.make_record(_new_passphrase(passphrase.MIN_LENGTH))
        print(json.dumps({"admin_passphrase_hash": record}, indent=2))
        return EXIT_OK
    directory = data_dir(args.data_dir)
    site = load_config(directory)
    if site.admin_passphrase_hash is not None:
        raise UserError(_("the HR passphrase of this desktop is set by IT in the site config "
                          "{path}; it is changed there (see 'learnsocial admin print-hash')")
                        .format(path=site.site_file))
    throttle = passphrase.Throttle(directory)
    try:
        current = passphrase.read_record(directory)
    except passphrase.DamagedPassphrase as damage:
        if not args.reset:
            raise UserError(str(damage)) from None
        current = None
    if current is not None and not args.reset:
        wait = throttle.wait_left()
        if wait > 0:
            raise UserError(_("too many wrong tries: wait {seconds} s").format(
                seconds=round(wait + .5)))
        if not passphrase.matches(current, getpass.getpass(_("Current HR passphrase: "))):
            throttle.failed()
            raise UserError(_("that is not the current HR passphrase; nothing was changed (if "
                              "it is forgotten, whoever can write {path} can set a new one "
                              "with --reset)").format(path=directory))
        throttle.succeeded()
    phrase = _new_passphrase(passphrase.MIN_LENGTH)
    try:
        passphrase.set_passphrase(directory, phrase)
    except OSError as error:
        raise UserError(_("cannot write {path}: {reason}").format(
            path=directory / passphrase.FILE, reason=error.strerror or error)) from error
    throttle.succeeded()
    if args.reset:
        print(_("HR passphrase set without the current one (--reset works for anyone who can "
                "write {path}).").format(path=directory))
    else:
        print(_("HR passphrase set."))
    return EXIT_OK


def _new_passphrase(minimum: int) -> str:
    first = getpass.getpass(_("New HR passphrase: "))
    if len(first) < minimum:
        raise UserError(_("choose at least {count} characters").format(count=minimum))
    if getpass.getpass(_("Repeat it: ")) != first:
        raise UserError(_("the two passphrases differ"))
    return first

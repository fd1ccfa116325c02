"""The HR commands of the CLI: export, employees, merge, admin. Parse in cli.py, work here."""
from __future__ import annotations

import getpass
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from learnsocial import i18n
from learnsocial.app.reports import Reports
from learnsocial.config import load_config
from learnsocial.errors import UserError
from learnsocial.i18n import _, ngettext
from learnsocial.paths import assets_dir, content_dir, data_dir
from learnsocial.progress.records import ChapterStatus

EXIT_OK = 0


def _chapters(args) -> list[tuple[str, str]]:
    from learnsocial.content.loader import ContentError, load_course

    language = i18n.negotiate(args.lang, i18n.system_language())
    try:
        root = content_dir(args.content)
        course = load_course(root, language, assets_dir(root))
    except ContentError:
        return []
    return [(c.id, c.title) for c in course.chapters]


def _progress_printer(total: int):
    """A one-line progress counter on stderr for long exports (only on a terminal)."""
    if total < 200 or not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        if done % 100 == 0 or done == total:
            line = _("Reading employees: {done} / {total}").format(done=done, total=total)
            print("\r" + line, end="" if done < total else "\n", file=sys.stderr, flush=True)
    return show


def _day(value: str | None):
    """A --since/--until value as a date; a bad one is a user error (exit 1), not usage."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(_("'{value}' is not a date like 2026-11-22").format(value=value))


def _written(out: Path, write) -> None:
    """write(path) into a temporary file next to out, then renamed over it: a failed export
    leaves no file behind. Only the output is blamed here: the store was read before."""
    from learnsocial.atomicfile import replacing

    try:
        with replacing(out) as temporary:
            write(temporary)
    except OSError as error:
        if out.is_dir():
            reason = _("a folder is where a file should be")
        elif isinstance(error, FileNotFoundError) and error.filename is None:
            # tempfile found no folder it could write to (XLSX sheets are made there)
            reason = _("no temporary folder can be written (is the disk full?)")
        else:
            reason = error.strerror or str(error)
        raise UserError(_("cannot write {path}: {reason}").format(path=out, reason=reason))


def export(args, open_store) -> int:
    from learnsocial.progress import report

    args.since, args.until = _day(args.since), _day(args.until)
    out = Path(args.out)
    if out.parent and not out.parent.is_dir():
        raise UserError(_("cannot write {path}: the folder does not exist").format(path=out))
    if out.is_dir():
        raise UserError(_("cannot write {path}: {reason}").format(
            path=out, reason=_("a folder is where a file should be")))
    store = open_store()
    if args.format == "xapi":
        from learnsocial.progress import xapi

        chosen = xapi.select(store.statements(), args.since, args.until, args.chapter)
        _written(out, lambda path: xapi.write_statements(chosen, path))
        print(ngettext("{count} statement written to {path}", "{count} statements written to "
                       "{path}", len(chosen)).format(count=len(chosen), path=out))
        return EXIT_OK
    chapters = _chapters(args)
    if args.chapter and args.chapter not in {c for c, _t in chapters}:
        raise UserError(_("no chapter with the id '{id}' (known: {known})").format(
            id=args.chapter, known=", ".join(c for c, _t in chapters)))
    reports = Reports(store, chapters)
    keep = report.ReportFilter(args.since, args.until, args.chapter, args.status,
                               args.department)
    rows = reports.rows(keep, _progress_printer(len(reports.employees())))
    if args.format == "csv":
        _written(out, lambda path: report.write_csv(rows, path, args.delimiter))
    elif args.format == "json":
        _written(out, lambda path: report.write_json(rows, path))
    elif args.format == "xlsx":
        _written(out, lambda path: report.write_xlsx(rows, path))
    else:
        stats = reports.chapter_stats(rows)
        generated = _("Generated {date}").format(date=i18n.date(datetime.now(UTC).date()))
        _written(out, lambda path: report.write_html(
            rows, stats, path, _("LearnSocial completion report"), generated))
    print(ngettext("{count} row written to {path}", "{count} rows written to {path}",
                   len(rows)).format(count=len(rows), path=out))
    return EXIT_OK


def employees(args, open_store) -> int:
    store = open_store()
    if args.tool == "list":
        people = store.employees()
        every = store.all_progress()
        for person in people:
            done = sum(1 for p in every.get(person.employee_id, {}).values()
                       if p.status == ChapterStatus.COMPLETED)
            print(f"{person.employee_id}\t{person.display_name}\t{person.department or '-'}\t"
                  + ngettext("{count} chapter completed", "{count} chapters completed", done)
                  .format(count=done))
        print(ngettext("{count} employee", "{count} employees", len(people)).format(
            count=len(people)), file=sys.stderr)
        return EXIT_OK
    person = store.employee(args.employee_id)
    if person is None:
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
        if answer.strip() != person.employee_id:
            print(_("Nothing erased."))
            return EXIT_OK
    sent = _sent_to_an_lrs(store, person.employee_id)
    store.erase_employee(person.employee_id)
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
                path=path, reason=one_line(str(error))))
        except OSError as error:
            raise UserError(_("cannot merge {path}: {reason}").format(
                path=path, reason=os_problem(error)))
        print(_("{path}: {employees} employees, {attempts} new attempts merged").format(
            path=path, employees=added.employees, attempts=added.attempts))
        for shown in added.refused:  # one line each: a long list stays readable
            print(_("{path}: {id} was erased here and is not brought back").format(
                path=path, id=shown))
    return EXIT_OK


def sync(args, open_store) -> int:
    """Send every queued statement to the LRS; statements stay queued until it accepts them."""
    import os

    from learnsocial.progress.lrs import LRSClient, LRSError, sync_store

    password = os.environ.get("LEARNSOCIAL_LRS_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UserError(_("set LEARNSOCIAL_LRS_PASSWORD or run in a terminal to be asked "
                              "for the password"))
        password = getpass.getpass(_("Password for {user} at the LRS: ").format(user=args.user))
    store = open_store()
    if store.read_only:
        raise UserError(_("cannot send from {path}: the folder is read-only here, so what "
                          "the LRS accepts could not be recorded").format(path=store.data_dir))
    waiting = store.unsent_statements()
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
            reason=error, sent=sent, left=total - sent))
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
            raise UserError(str(damage))
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
            path=directory / passphrase.FILE, reason=error.strerror or error))
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

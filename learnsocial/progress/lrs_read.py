"""Read statements back from a Learning Record Store, through its standard statement API.

A query (GET .../statements with `activity`, `related_activities`, `since`, `ascending`,
`limit`, `format=exact`) answers with a page of statements and a `more` link to the next page.
Reading uses the client that sync uses (learnsocial.progress.lrs.LRSClient), with its
protections: every request ends by its deadline, redirects are never followed, TLS is always
verified, and what a server says reaches a person only as an escaped excerpt. On top of that:

- a `more` link is followed only on the endpoint's own scheme, host and port; a link anywhere
  else ends the read with one line, so the password never goes there;
- a page is read up to PAGE_CAP bytes, a read ends after MAX_PAGES pages, at READ_DEADLINE_S,
  or when a `more` link comes round again, each with one line saying so;
- an answer that is no statement result (a captive portal, malformed JSON) ends the read with
  one line; a statement whose fields have the wrong types is skipped and counted, never a
  traceback.

Statements are kept in a compact form: only the fields a report reads (no activity
definitions: names and choices are most of a statement's bytes).
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from learnsocial.i18n import _
from learnsocial.progress.lrs import LRSClient, LRSError, excerpt, reason_of
from learnsocial.progress.records import parse_stamp

PAGE_LIMIT = 500  # statements asked for per page
PAGE_CAP = 8_000_000  # bytes of one page read at most (500 statements are ~0.5-1.5 MB)
MAX_PAGES = 20_000  # pages of one read (10 million statements at PAGE_LIMIT)
READ_DEADLINE_S = 1800.0  # one whole read; each request still has the client's deadline


@dataclass(frozen=True)
class Page:
    statements: list[dict]  # compact (see compact()), in the order the LRS sent them
    skipped: int  # statements in the page that could not be read
    consistent_through: str  # the page's X-Experience-API-Consistent-Through ("" if none)


def query(activity: str, since: str | None = None, limit: int = PAGE_LIMIT) -> str:
    """The query string of a read: every statement about the activity (or in its context),
    stored after `since`, oldest first."""
    params = {"activity": activity, "related_activities": "true", "ascending": "true",
              "format": "exact", "limit": str(limit)}
    if since:
        params["since"] = since
    return urlencode(params)


def read_pages(client: LRSClient, params: str, *, until: float | None = None,
               max_pages: int | None = None) -> Iterator[Page]:
    """The pages of a query, following `more` links; raises LRSError (one line) when the LRS
    cannot be read or answers with something that is no statement result. The read ends by
    `until` (default: READ_DEADLINE_S from now) and after max_pages (default: MAX_PAGES)."""
    until = until if until is not None else time.monotonic() + READ_DEADLINE_S
    max_pages = max_pages or MAX_PAGES
    path: str | None = client.path + ("&" if "?" in client.path else "?") + params
    seen: set[str] = set()
    pages = 0
    while path:
        if pages >= max_pages:
            raise LRSError(_("the LRS sent more than {count} pages; the read was stopped")
                           .format(count=max_pages))
        if path in seen:
            raise LRSError(_("the LRS's 'more' links go round in a circle; the read was "
                             "stopped"))
        seen.add(path)
        answer = client.get(path, until, PAGE_CAP)
        pages += 1
        result = _result(client, answer.status, answer.body, answer.location)
        statements, skipped = [], 0
        for statement in result["statements"]:
            found = compact(statement)
            if found is None:
                skipped += 1
            else:
                statements.append(found)
        yield Page(statements, skipped, answer.consistent_through)
        more = result.get("more") or ""
        path = None
        if more:
            path = client.same_origin(more)
            if path is None:
                raise LRSError(_("the LRS's 'more' link points elsewhere ({link}); it was not "
                                 "followed, so the password stays with the LRS").format(
                                     link=excerpt(more)))


def _result(client: LRSClient, status: int, body: bytes, location: str) -> dict:
    """A statement result ({"statements": [...], "more": "..."}) or LRSError."""
    if 300 <= status < 400:
        raise LRSError(_("the LRS answered with a redirect to {location}; check the "
                         "endpoint").format(location=excerpt(location) or "?"))
    if status in (401, 403):
        raise LRSError(_("the LRS refused the credentials ({status})").format(status=status))
    if status in (404, 405):
        raise LRSError(_("{url} is not an xAPI statements endpoint ({status}); check the "
                         "endpoint").format(url=excerpt(client.url), status=status))
    if status != 200:
        raise LRSError(_("the LRS refused the query ({status}: {reason})").format(
            status=status, reason=reason_of(body)))
    if len(body) > PAGE_CAP:
        raise LRSError(_("a page from the LRS is larger than {size} MB; the read was "
                         "stopped").format(size=PAGE_CAP // 1_000_000))
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested past the stack
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("statements"), list) or \
            not isinstance(data.get("more", ""), (str, type(None))):
        raise LRSError(_("the answer ({status}: {excerpt}) is no list of statements; check "
                         "the endpoint and any proxy in between").format(
                             status=status, excerpt=excerpt(body)))
    return data


# -- the compact form ------------------------------------------------------------------------

def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _optional(data: dict, key: str, check) -> bool:
    return key not in data or data[key] is None or check(data[key])


_RESULT = {"success": lambda v: isinstance(v, bool), "completion": lambda v: isinstance(v, bool),
           "response": lambda v: isinstance(v, str), "duration": lambda v: isinstance(v, str),
           "extensions": lambda v: isinstance(v, dict), "score": lambda v: isinstance(v, dict)}


def compact(statement: object) -> dict | None:
    """The fields of a statement a report reads, checked; None if any has the wrong type
    (or the statement names its learner other than by an account, as LearnSocial does)."""
    if not isinstance(statement, dict):
        return None
    actor, verb, obj = (statement.get(k) for k in ("actor", "verb", "object"))
    context = statement.get("context") or {}
    result = statement.get("result") or {}
    if not (_text(statement.get("id")) and isinstance(actor, dict) and isinstance(verb, dict)
            and isinstance(obj, dict) and isinstance(context, dict)
            and isinstance(result, dict)):
        return None
    account = actor.get("account")
    definition = obj.get("definition") or {}
    if not (isinstance(account, dict) and _text(account.get("name"))
            and _optional(actor, "name", lambda v: isinstance(v, str))
            and _text(verb.get("id")) and _text(obj.get("id"))
            and _optional(obj, "objectType", _text) and isinstance(definition, dict)
            and _optional(definition, "interactionType", _text)
            and parse_stamp(statement.get("timestamp")) is not None
            and parse_stamp(statement.get("stored")) is not None
            and _optional(context, "registration", _text)
            and _optional(context, "language", _text)
            and _optional(context, "extensions", lambda v: isinstance(v, dict))
            and all(_optional(result, key, check) for key, check in _RESULT.items())):
        return None
    score = result.get("score") or {}
    if not all(_optional(score, key, _number) for key in ("scaled", "raw", "min", "max")):
        return None
    found: dict = {"id": statement["id"].lower(),
                   "actor": {"account": {"name": account["name"]}},
                   "verb": {"id": verb["id"]},
                   "object": {"id": obj["id"]},
                   "timestamp": statement["timestamp"], "stored": statement["stored"]}
    if actor.get("name"):
        found["actor"]["name"] = actor["name"]
    if obj.get("objectType"):
        found["object"]["objectType"] = obj["objectType"]
    if definition.get("interactionType"):
        found["object"]["definition"] = {"interactionType": definition["interactionType"]}
    kept = {k: context[k] for k in ("registration", "language", "extensions") if context.get(k)}
    if kept:
        found["context"] = kept
    kept = {k: result[k] for k in _RESULT if result.get(k) is not None}
    if kept:
        found["result"] = kept
    return found

"""xAPI answer statements an LRS can report on, built from a test's spec in every language.

The statement factory (learnsocial.progress.xapi) takes plain values; this module knows the
course and turns a played test into them: the choices, sources and targets of each interaction
with their texts in every course language, the right responses, and the learner's response.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from learnsocial.content.chaptertest import (GallerySpec, PairingSpec, SequencingSpec,
                                             SortingSpec, TestSpec)
from learnsocial.content.model import Course
from learnsocial.games.base import GameResult
from learnsocial.progress.xapi import Component, LanguageMap, StatementFactory

TARGET = "to-"  # pairing: a right-hand item's id, so it differs from its left-hand partner's


def names(values: Mapping[str, str]) -> LanguageMap:
    return {language: text for language, text in values.items() if text}


def specs_of(courses: Mapping[str, Course], chapter_id: str) -> dict[str, TestSpec]:
    """The chapter's test spec in every language it exists in."""
    found = {}
    for language, course in courses.items():
        chapter = course.chapter(chapter_id)
        if chapter is not None and chapter.test is not None:
            found[language] = chapter.test.spec
    return found


def answer_statements(factory: StatementFactory, chapter_id: str,
                      specs: Mapping[str, TestSpec], result: GameResult, registration: str
                      ) -> list[dict]:
    spec = next(iter(specs.values()))
    if isinstance(spec, GallerySpec):
        return list(_gallery(factory, chapter_id, specs, result, registration))
    if isinstance(spec, SortingSpec):
        return list(_sorting(factory, chapter_id, specs, result, registration))
    if isinstance(spec, PairingSpec):
        return list(_pairing(factory, chapter_id, specs, result, registration))
    assert isinstance(spec, SequencingSpec)
    return [_sequencing(factory, chapter_id, specs, result, registration)]


def _gallery(factory: StatementFactory, chapter_id: str, specs: Mapping[str, TestSpec],
             result: GameResult, registration: str) -> Iterator[dict]:
    galleries = {lang: s for lang, s in specs.items() if isinstance(s, GallerySpec)}
    for item in result.items:
        questions = {lang: next(q for q in s.questions if q.id == item.item_id)
                     for lang, s in galleries.items()}
        first = next(iter(questions.values()))
        choices: list[Component] = [
            (answer.id, names({lang: next(a.text for a in q.answers if a.id == answer.id)
                               for lang, q in questions.items()}))
            for answer in first.answers]
        yield factory.choice_answered(
            chapter_id, item.item_id, name=names({lang: q.prompt for lang, q in questions.items()}),
            choices=choices, correct=[first.right_answer.id], response=item.response_id or None,
            success=item.correct, seconds=item.time_s, registration=registration)


def _sorting(factory: StatementFactory, chapter_id: str, specs: Mapping[str, TestSpec],
             result: GameResult, registration: str) -> Iterator[dict]:
    sortings = {lang: s for lang, s in specs.items() if isinstance(s, SortingSpec)}
    first = next(iter(sortings.values()))
    bins: list[Component] = [(b.id, names({lang: next(x.label for x in s.bins if x.id == b.id)
                                          for lang, s in sortings.items()}))
                             for b in first.bins]
    for item in result.items:
        card = next(c for c in first.cards if c.id == item.item_id)
        text = names({lang: next(c.text for c in s.cards if c.id == card.id)
                      for lang, s in sortings.items()})
        yield factory.matching_answered(
            chapter_id, card.id, name=text, source=[(card.id, text)], target=bins,
            correct=[(card.id, card.bin)],
            response=[(card.id, item.response_id)] if item.response_id else [],
            success=item.correct, seconds=item.time_s, registration=registration)


def _pairing(factory: StatementFactory, chapter_id: str, specs: Mapping[str, TestSpec],
             result: GameResult, registration: str) -> Iterator[dict]:
    pairings = {lang: s for lang, s in specs.items() if isinstance(s, PairingSpec)}
    first = next(iter(pairings.values()))
    rights: list[Component] = [
        (TARGET + p.id, names({lang: next(x.right for x in s.pairs if x.id == p.id)
                               for lang, s in pairings.items()})) for p in first.pairs]
    for item in result.items:
        left = names({lang: next(x.left for x in s.pairs if x.id == item.item_id)
                      for lang, s in pairings.items()})
        yield factory.matching_answered(
            chapter_id, item.item_id, name=left, source=[(item.item_id, left)], target=rights,
            correct=[(item.item_id, TARGET + item.item_id)],
            response=[(item.item_id, TARGET + item.response_id)] if item.response_id else [],
            success=item.correct, seconds=item.time_s, registration=registration)


def _sequencing(factory: StatementFactory, chapter_id: str, specs: Mapping[str, TestSpec],
                result: GameResult, registration: str) -> dict:
    sequences = {lang: s for lang, s in specs.items() if isinstance(s, SequencingSpec)}
    first = next(iter(sequences.values()))
    steps: list[Component] = [(step.id, names({lang: s.step(step.id).text
                                               for lang, s in sequences.items()}))
                              for step in first.steps]
    return factory.sequencing_answered(
        chapter_id, "order", name=names({lang: s.prompt for lang, s in sequences.items()}),
        choices=steps, correct_orders=first.orders(), response=list(result.order),
        success=all(item.correct for item in result.items), seconds=result.duration_s,
        registration=registration,
        steps=[(i.item_id, i.response_id, i.correct, i.time_s) for i in result.items])

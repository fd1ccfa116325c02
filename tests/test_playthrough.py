"""The way through a chapter (learnsocial.app.playthrough), without a screen: where each option
leads, what Back may do, what the history lists; and the choices read back from the record."""
import shutil
from pathlib import Path

import pytest

from learnsocial.app.playthrough import BeatKind, EntryKind, Playthrough, Step
from learnsocial.app.session import Session
from learnsocial.content.loader import load_course
from learnsocial.paths import assets_dir
from learnsocial.progress.store import ProgressStore

BRANCHING = Path(__file__).resolve().parent / "fixtures" / "branching" / "hello.yaml"


def branching_course(mini_course: Path, folder: Path) -> Path:
    """The mini course with a first chapter that asks a question: 'move' (best) jumps to
    'rejoin', 'wait' (ok) takes the detour scene, 'ignore' (poor) goes straight to the test."""
    content = folder / "branching"
    shutil.copytree(mini_course, content)
    for language in ("en", "sv", "de"):
        shutil.copy(BRANCHING, content / "01-hello" / f"{language}.yaml")
    return content


@pytest.fixture
def chapter(mini_course, tmp_path):
    content = branching_course(mini_course, tmp_path)
    return load_course(content, "en", assets_dir(content)).chapter("hello")


def walk(story: Playthrough) -> list[tuple[str, str, str]]:
    """(kind, scene, speaker) of every beat until the story asks or ends."""
    seen = [(story.beat.kind, story.scene.id, story.beat.speaker)]
    while story.advance() not in (Step.ASK, Step.END):
        seen.append((story.beat.kind, story.scene.id, story.beat.speaker))
    return seen


def test_a_question_waits_for_a_choice(chapter):
    story = Playthrough(chapter)
    assert walk(story) == [("scene", "one", "maja"), ("scene", "ask", "tove")]
    assert story.awaiting_choice and story.advance() == Step.ASK
    with pytest.raises(ValueError):
        story.choose("no-such-option")


def test_the_best_option_skips_the_detour(chapter):
    story = Playthrough(chapter, "ask")
    story.choose("move")
    assert walk(story) == [("reaction", "ask", "maja"), ("reflection", "ask", ""),
                           ("scene", "rejoin", "maja")]
    assert story.advance() == Step.END


def test_the_ok_option_takes_the_detour_and_rejoins(chapter):
    story = Playthrough(chapter, "ask")
    story.choose("wait")
    assert [(k, s) for k, s, _who in walk(story)] == [
        ("reaction", "ask"), ("reaction", "ask"), ("reflection", "ask"), ("scene", "detour"),
        ("scene", "rejoin")]


def test_next_test_ends_the_chapter_after_the_reflection(chapter):
    story = Playthrough(chapter, "ask")
    story.choose("ignore")
    assert story.advance() == Step.MOVED and story.beat.kind == BeatKind.REFLECTION
    assert story.advance() == Step.END


def test_back_follows_the_path_taken_and_never_undoes_a_choice(chapter):
    story = Playthrough(chapter)
    story.advance()
    assert story.back() == Step.NEW_SCENE and story.scene.id == "one"
    assert story.back() is None, "nothing before the first scene"
    assert story.advance() == Step.NEW_SCENE and story.awaiting_choice
    story.choose("wait")
    assert story.back() is None, "a choice taken stands"
    story.advance()
    story.advance()
    story.advance()
    assert story.scene.id == "detour"
    story.back()
    assert story.beat.kind == BeatKind.REFLECTION, "back along the branch taken"
    assert story.advance() == Step.NEW_SCENE and story.scene.id == "detour"


def test_a_resumed_branch_scene_goes_on_where_the_branch_goes(chapter):
    story = Playthrough(chapter, "detour")
    assert walk(story) == [("scene", "detour", "tove"), ("scene", "rejoin", "maja")]


def test_the_transcript_has_every_line_the_option_taken_and_the_reflection(chapter):
    story = Playthrough(chapter)
    walk(story)
    story.choose("wait")
    walk(story)
    kinds = [(e.kind, e.speaker, e.rating) for e in story.transcript]
    assert kinds == [(EntryKind.LINE, "maja", ""), (EntryKind.LINE, "tove", ""),
                     (EntryKind.CHOICE, "", "ok"), (EntryKind.LINE, "tove", ""),
                     (EntryKind.LINE, "maja", ""), (EntryKind.REFLECTION, "", "ok"),
                     (EntryKind.LINE, "tove", ""), (EntryKind.LINE, "maja", "")]
    assert story.transcript[2].text == "Wait and see whether someone answers"
    story.back()
    story.advance()
    assert len(story.transcript) == len(kinds), "a line seen again is listed once"


def test_reload_keeps_the_beat_with_the_new_text(chapter):
    from dataclasses import replace

    story = Playthrough(chapter, "ask")
    story.choose("wait")
    story.advance()  # the second reaction line
    scene = chapter.scene("ask")
    option = scene.option("wait")
    lines = (option.reaction[0], replace(option.reaction[1], text="A day is very long."))
    fresh_option = replace(option, reaction=lines)
    fresh_scene = replace(scene, options=tuple(fresh_option if o.id == "wait" else o
                                               for o in scene.options))
    fresh = replace(chapter, scenes=[fresh_scene if s.id == "ask" else s
                                     for s in chapter.scenes])
    story.reload(fresh)
    assert story.beat.kind == BeatKind.REACTION and story.beat.text == "A day is very long."
    assert story.advance() == Step.MOVED and story.beat.kind == BeatKind.REFLECTION


def test_choices_are_read_back_from_the_record(mini_course, tmp_path):
    content = branching_course(mini_course, tmp_path)
    session = Session(content, ProgressStore(tmp_path / "data"), "en")
    session.load_course()
    session.sign_in("e-1", "Eva")
    chapter = session.course.chapter("hello")
    assert session.choices_made(chapter) == {}
    record = session.record
    record.choice_made(chapter, chapter.scene("ask"), "ignore")
    record.choice_made(chapter, chapter.scene("ask"), "move")
    assert session.choices_made(chapter) == {"ask": "move"}, "the last choice counts"
    other = session.course.chapter("second")
    assert session.choices_made(other) == {}
    (first, second) = [s for s in session.store.statements("e-1")
                       if s["verb"]["id"].endswith("responded")]
    assert first["result"] == {"response": "ignore", "success": False}
    definition = second["object"]["definition"]
    assert [c["id"] for c in definition["choices"]] == ["move", "wait", "ignore"]
    assert definition["correctResponsesPattern"] == ["move"]

"""The chapter format of this round: choice scenes and the story graph, partial orders in
sequencing, feedback on every answer, the house style, and outdated translations by line."""
import random
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsocial.cli import main
from learnsocial.content.chaptertest.sequencing import SequencingSpec, Step
from learnsocial.content.loader import read_chapter_file
from learnsocial.content.model import TO_TEST, Character, Rating
from learnsocial.content.problems import Problems
from learnsocial.games import rounds
from learnsocial.games.base import GameSettings
from learnsocial.games.sequencing import SequencingGame

CAST = {"maja": Character("maja", "Maja", "Guide", "#1F7A8C", "portraits/maja")}
TEST = """test:
  game: gallery
  intro: Shoot.
  questions:
    - id: q1
      prompt: Which?
      answers:
        - id: a
          text: This one
          correct: true
          feedback: Right because.
        - id: b
          text: That one
          feedback: Tempting, but no.
"""


def chapter_file(tmp_path: Path, scenes: str) -> Path:
    path = tmp_path / "en.yaml"
    path.write_text("id: c\ntitle: C\nscenes:\n" + scenes + TEST, encoding="utf-8")
    return path


def read(path: Path):
    problems = Problems()
    chapter = read_chapter_file(path, problems, CAST)
    return chapter, [str(p) for p in problems.items]


# -- choice scenes and the story ------------------------------------------------------------

CHOICE = """  - id: s1
    speaker: maja
    backdrop: kitchen
    text: What would you do?
    options:
      - id: good
        text: The good thing
        rating: best
        reaction:
          - speaker: maja
            mood: happy
            text: Well done.
        reflection: Good because.
      - id: detour
        text: The other thing
        rating: poor
        reaction:
          - speaker: maja
            text: Hm.
        reflection: Less good.
        next: aside
  - id: main
    speaker: maja
    text: Back on the main line.
    next: test
  - id: aside
    speaker: maja
    text: A short detour.
    next: main
"""


def test_a_choice_scene_reads_into_options_with_ratings_reactions_and_targets(tmp_path):
    chapter, problems = read(chapter_file(tmp_path, CHOICE))
    assert problems == []
    scene = chapter.scene("s1")
    assert scene.is_choice and [o.id for o in scene.options] == ["good", "detour"]
    good, detour = scene.options
    assert good.rating == Rating.BEST and good.reaction[0].mood == "happy"
    assert chapter.after(scene, good) == "main" and chapter.after(scene, detour) == "aside"
    assert chapter.after(chapter.scene("aside")) == "main"
    assert chapter.after(chapter.scene("main")) == TO_TEST
    assert chapter.scene("main").backdrop == "kitchen", "a backdrop stays until replaced"


def story_yaml(size: int, branches: dict[int, str]) -> str:
    """Scenes s0..s{size-1} in a line; a scene in branches becomes a choice whose second option
    jumps (forwards, backwards or to the test) while the first goes on as listed."""
    out = []
    for n in range(size):
        out.append(f"  - id: s{n}\n    speaker: maja\n    text: Line {n}.\n")
        if n in branches:
            out.append(f"""    options:
      - id: on
        text: Go on
        rating: best
        reaction: [{{speaker: maja, text: Good.}}]
        reflection: On.
      - id: jump
        text: Jump
        rating: poor
        reaction: [{{speaker: maja, text: Off we go.}}]
        reflection: Jumped.
        next: {branches[n]}
""")
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 9), st.integers(0, 10_000))
def test_valid_story_graphs_pass(tmp_path_factory, size, seed):
    rng = random.Random(seed)
    targets = [f"s{n}" for n in range(size)] + [TO_TEST]
    branches = {n: rng.choice(targets) for n in range(size) if rng.random() < 0.4}
    path = chapter_file(tmp_path_factory.mktemp("story"), story_yaml(size, branches))
    _chapter, problems = read(path)
    assert problems == []


def plain_story(ids: list[str], jumps: dict[str, str]) -> str:
    out = []
    for scene_id in ids:
        out.append(f"  - id: {scene_id}\n    speaker: maja\n    text: Line {scene_id}.\n")
        if scene_id in jumps:
            out.append(f"    next: {jumps[scene_id]}\n")
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 9), st.integers(0, 10_000), st.sampled_from(["unreachable", "trap"]))
def test_planted_unreachable_scenes_and_dead_ends_are_always_caught(tmp_path_factory, size,
                                                                     seed, flaw):
    rng = random.Random(seed)
    ids = [f"s{n}" for n in range(size)]
    jumps: dict[str, str] = {}
    victim = rng.randrange(1, size)
    if flaw == "unreachable":  # jump over one scene, and nothing leads to it
        jumps[ids[victim - 1]] = ids[victim + 1] if victim + 1 < size else TO_TEST
    else:  # a scene that sends the story back, so its part of the story never ends
        jumps[ids[victim]] = ids[rng.randrange(0, victim + 1)]
    path = chapter_file(tmp_path_factory.mktemp("story"), plain_story(ids, jumps))
    _chapter, problems = read(path)
    expected = "no path reaches" if flaw == "unreachable" else "loop with no way out"
    assert any(expected in problem for problem in problems), problems


def test_choice_structure_must_match_across_languages(tmp_path, mini_course):
    course = tmp_path / "course"
    shutil.copytree(mini_course, course)
    for language in ("en", "sv", "de"):
        path = course / "01-hello" / f"{language}.yaml"
        text = path.read_text(encoding="utf-8")
        rating = "poor" if language == "de" else "ok"
        path.write_text(text.replace("  - id: three\n", f"""  - id: pick
    speaker: maja
    text: Choose.
    options:
      - id: x
        text: X
        rating: best
        reaction: [{{speaker: maja, text: Yes.}}]
        reflection: Why x.
      - id: y
        text: Y
        rating: {rating}
        reaction: [{{speaker: maja, text: No.}}]
        reflection: Why y.
  - id: three
"""), encoding="utf-8")
    from learnsocial.content.validation import validate_course
    from learnsocial.paths import assets_dir

    problems = [str(p) for p in validate_course(course, assets_dir(course)).errors]
    assert any("de.yaml" in p and "scene 'pick': its options" in p for p in problems), problems
    assert not any("sv.yaml" in p and "pick" in p for p in problems)


# -- sequencing with a partial order --------------------------------------------------------

def steps_with_after(rng: random.Random, count: int) -> SequencingSpec:
    """A random partial order: each step depends on a random subset of the ones before it."""
    steps = []
    for n in range(count):
        after = tuple(s.id for s in steps if rng.random() < 0.4)
        steps.append(Step(f"t{n}", f"Step {n}", f"Why {n}.", after))
    return SequencingSpec("Order", tuple(steps))


def play_order(spec: SequencingSpec, order: list[str], seed: int) -> SequencingGame:
    """A learner who means to build `order`: each time the first step of it not yet placed."""
    game = SequencingGame(spec, random.Random(seed), GameSettings())
    while not game.finished:
        step_id = next(s for s in order if s not in game.placed())
        assert game.pick(step_id)
        game.advance(rounds.FEEDBACK_S + 0.01)
    return game


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 100_000), st.integers(3, 7), st.data())
def test_every_valid_order_passes_and_every_invalid_one_fails(seed, count, data):
    rng = random.Random(seed)
    spec = steps_with_after(rng, count)
    order = data.draw(st.permutations([s.id for s in spec.steps]))
    game = play_order(spec, order, seed)
    if spec.is_valid_order(order):
        assert game.finished and all(item.correct for item in game.result().items)
        assert game.placed() == order
    else:
        assert not all(item.correct for item in game.result().items)


def test_interchangeable_steps_count_several_orders_right():
    spec = SequencingSpec("Order", (Step("goals", "Goals", "."), Step("a", "A", ".", ("goals",)),
                                    Step("b", "B", ".", ("goals",)),
                                    Step("launch", "Launch", ".", ("a", "b"))))
    assert spec.count_orders() == 2
    for order in (["goals", "a", "b", "launch"], ["goals", "b", "a", "launch"]):
        assert all(i.correct for i in play_order(spec, order, 1).result().items)
    wrong = play_order(spec, ["a", "goals", "b", "launch"], 1).result().items
    assert not wrong[0].correct and "Goals" in wrong[0].feedback


# -- feedback, style, outdated --------------------------------------------------------------

def write_course(tmp_path: Path, mini_course: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(mini_course, course)
    return course


def test_style_rules_warn_at_the_exact_place_and_fail_strict(tmp_path, mini_course, capsys):
    course = write_course(tmp_path, mini_course)
    (course / "terms.yaml").write_text(
        "likes:\n  sv: {use: gilla-markeringar, avoid: [gillning]}\n", encoding="utf-8")
    path = course / "01-hello" / "sv.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(n for n, line in enumerate(lines) if "text:" in line)
    lines[index] = '    text: Alla "gillningar" räknas... 100 000 gånger.'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(course)]) == 0, "style problems are warnings"
    assert main(["validate", str(course), "--strict"]) == 1
    out = capsys.readouterr().out
    where = f"01-hello/sv.yaml:{index + 1}:"
    found = [line for line in out.splitlines() if where in line]
    assert any(":16: warning: straight quotes" in line for line in found), found
    assert any(":17: warning: 'gillning" in line for line in found), found
    assert any(":35: warning: three dots" in line for line in found), found
    assert any(":39: warning: the number 100 000" in line for line in found), found


def test_an_edited_source_line_is_reported_at_each_translation_line(tmp_path, mini_course,
                                                                    capsys):
    course = write_course(tmp_path, mini_course)
    assert main(["content", "confirm", str(course)]) == 0
    capsys.readouterr()
    assert main(["validate", str(course), "--strict"]) == 0, capsys.readouterr().out
    en = course / "01-hello" / "en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("The third scene.",
                                                         "The third scene, edited."),
                  encoding="utf-8")
    assert main(["validate", str(course), "--strict"]) == 1
    out = capsys.readouterr().out
    sv_line = next(n for n, line in enumerate(
        (course / "01-hello" / "sv.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "id: three" in line) + 3
    expected = (f"01-hello/sv.yaml:{sv_line}:11: warning: outdated: the en text changed since "
                f"this was confirmed (scenes/three/text); was: “The third scene.”; now: “The "
                f"third scene, edited.”")
    assert expected in out, out
    assert main(["content", "status", str(course), "--chapter", "01-hello"]) == 0
    assert "01-hello/de.yaml:" in capsys.readouterr().out
    assert main(["content", "confirm", str(course), "--chapter", "01-hello", "--lang", "sv",
                 "--id", "scenes/three/text"]) == 0
    capsys.readouterr()
    main(["validate", str(course)])
    out = capsys.readouterr().out
    assert "sv.yaml" not in out and "de.yaml" in out, "only the sv text was confirmed"
    assert main(["content", "confirm", str(course), "--id", "nope"]) == 1


def test_the_notice_is_read_with_its_version(mini_course):
    from learnsocial.content.loader import load_course
    from learnsocial.paths import assets_dir

    course = load_course(mini_course, "sv", assets_dir(mini_course))
    assert course.notice is not None and course.notice.version >= 1 and course.notice.text

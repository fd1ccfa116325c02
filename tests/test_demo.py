"""`learnsocial demo` end to end: real scenes, synthetic input, screenshots, a stored run."""
import pygame
import pytest

from learnsocial.cli import main
from learnsocial.progress.store import ProgressStore


def run_demo(tmp_path, *extra):
    shots = tmp_path / "shots"
    data = tmp_path / "data"
    code = main(["demo", "--screenshots", str(shots), "--data-dir", str(data), *extra])
    pygame.quit()
    return code, sorted(shots.glob("*.png")), ProgressStore(data)


@pytest.mark.parametrize("language", ["sv", "de", "en"])
def test_demo_passes_the_first_chapter_in_every_language(tmp_path, capsys, language):
    code, shots, store = run_demo(tmp_path, "--lang", language, "--accuracy", "1.0")
    assert code == 0
    names = [p.stem.split("-", 1)[1] for p in shots]
    assert names[:5] == ["title", "language", "signin", "notice", "map"]
    scenes = [n for n in names if n.startswith("scene-")]
    assert len(scenes) >= 8, "one screenshot per dialogue scene"
    for expected in ("test-intro", "test-play", "test-feedback", "results", "map-after"):
        assert expected in names
    for path in shots:
        image = pygame.image.load(str(path))
        assert image.get_size() == (1280, 720)
    progress = store.progress("demo-001")
    first = min(progress)  # the only chapter played
    assert progress[first].status == "completed"
    assert store.employee("demo-001").language == language
    out = capsys.readouterr().out
    assert f"{len(shots)} " in out


def test_demo_with_accuracy_0_fails_and_leaves_the_chapter_open(tmp_path, capsys):
    code, shots, store = run_demo(tmp_path, "--accuracy", "0", "--lang", "en")
    assert code == 0
    progress = store.progress("demo-001")
    (record,) = progress.values()
    assert record.status == "failed" and record.best_score == 0.0
    assert "not passed" in capsys.readouterr().out


def taken_ratings(store, content_language="en"):
    """The rating of each option the demo took, read back through the app layer."""
    from learnsocial.app.session import Session
    from learnsocial.paths import content_dir

    session = Session(content_dir(), store, content_language)
    session.load_course()
    session.sign_in("demo-001", "")
    ratings = []
    for chapter in session.course.chapters:
        for scene_id, option_id in session.choices_made(chapter).items():
            ratings.append(str(chapter.scene(scene_id).option(option_id).rating))
    return ratings


@pytest.mark.parametrize("accuracy, rating", [("1", "best"), ("0", "poor")])
def test_demo_takes_the_best_option_at_accuracy_1_and_a_poor_one_at_0(tmp_path, accuracy,
                                                                      rating):
    code, shots, store = run_demo(tmp_path, "--lang", "en", "--accuracy", accuracy,
                                  "--chapter", "working-on-the-platform")
    assert code == 0
    names = [p.stem.split("-", 1)[1] for p in shots]
    for scene in ("mail-ten", "invoice-post"):  # the chapter's two questions
        assert f"choice-{scene}" in names
        assert any(n.startswith(f"reaction-{scene}") for n in names)
        assert f"reflection-{scene}" in names
    assert "history" in names
    assert ("scene-08-versions" in names) == (rating == "poor"), \
        "the poor option's detour, and only that, shows the versions scene"
    assert taken_ratings(store) == [rating, rating]
    responded = [s for s in store.statements("demo-001") if s["verb"]["id"].endswith("responded")]
    assert [s["result"]["success"] for s in responded] == [rating == "best"] * 2


def test_same_seed_gives_the_same_run(tmp_path):
    runs = []
    for name in ("a", "b"):
        code, _shots, store = run_demo(tmp_path / name, "--accuracy", "0.5", "--seed", "42")
        assert code == 0
        (attempt,) = store.attempts("demo-001")
        runs.append([(a.item_id, a.response, a.correct) for a in attempt.answers])
    assert runs[0] == runs[1]
    code, _shots, store = run_demo(tmp_path / "c", "--accuracy", "0.5", "--seed", "43")
    (attempt,) = store.attempts("demo-001")
    assert [(a.item_id, a.response, a.correct) for a in attempt.answers] != runs[0]


def test_demo_rejects_bad_input_with_one_line(tmp_path, capsys):
    assert main(["demo", "--screenshots", str(tmp_path), "--employee", "no spaces"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--screenshots", str(tmp_path), "--accuracy", "2"])
    assert exit_.value.code == 2


@pytest.mark.parametrize("chapter, expected", [
    ("social-digital-workplace", {"test-play", "test-shot", "test-next", "test-reveal"}),
    ("social-business", {"test-sorting-move", "test-sorting-wrong", "test-sorting-done"}),
    ("launching-with-a-plan", {"test-sequencing-move", "test-sequencing-done"}),
    ("community-manager", {"test-pairing-move", "test-pairing-wrong", "test-pairing-done"}),
])
def test_demo_screenshots_show_the_games_feedback(tmp_path, chapter, expected):
    """The flip and the points in flight, the right board revealed; the card flying and the
    piles, the growing timeline, the partners sliding and linked."""
    code, shots, store = run_demo(tmp_path, "--chapter", chapter, "--accuracy", "0.5",
                                  "--lang", "en")
    assert code == 0
    names = {p.stem.split("-", 1)[1] for p in shots}
    assert expected | {"test-feedback", "results"} <= names
    (attempt,) = store.attempts("demo-001")
    assert 0 < attempt.score < 1, "right and wrong answers were both played"


def test_the_hr_report_shows_the_situations_a_demo_data_set_misjudged(tmp_path):
    """Two demo learners, one taking the poor options and one the best: the report for
    management lists the chapter's situations with half of the people judging them poorly."""
    import html

    from learnsocial.app.session import Session
    from learnsocial.paths import content_dir

    data = tmp_path / "data"
    for employee, accuracy in (("demo-001", "0"), ("demo-002", "1")):
        assert main(["demo", "--screenshots", str(tmp_path / employee), "--data-dir",
                     str(data), "--lang", "en", "--chapter", "working-on-the-platform",
                     "--employee", employee, "--accuracy", accuracy]) == 0
        pygame.quit()
    out = tmp_path / "report.html"
    assert main(["export", "--format", "html", "--out", str(out), "--data-dir", str(data),
                 "--include-demo"]) == 0
    page = out.read_text(encoding="utf-8")
    section = html.unescape(page.split("Situations most often judged poorly", 1)[1]
                            .split("<h2", 1)[0])
    session = Session(content_dir(), ProgressStore(data), "en")
    session.load_course()
    chapter = next(c for c in session.course.chapters if c.id == "working-on-the-platform")
    situations = [scene.text for scene in chapter.choice_scenes]
    assert len(situations) == 2 and all(text in section for text in situations), section
    rows = section.split("<tr>")[2:]  # after the head
    assert len(rows) == 2 and all('<td class="num">2</td><td class="num">50%</td>' in row
                                  for row in rows), section

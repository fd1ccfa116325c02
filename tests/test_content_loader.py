"""Reading the course: the model, fallbacks, and problems reported at the right line."""
import shutil

import pytest

from learnsocial.content.loader import ContentError, load_course
from learnsocial.content.problems import Problems
from learnsocial.content.validation import validate_course
from learnsocial.content.yamlfile import read_yaml
from learnsocial.paths import assets_dir, content_dir


def test_mini_course_loads_in_swedish(mini_course):
    course = load_course(mini_course, "sv", assets_dir())
    assert course.title == "En liten kurs"
    assert [c.id for c in course.chapters] == ["hello", "second", "sort-it", "in-order", "pairs"]
    chapter = course.chapters[0]
    assert chapter.title == "Hej" and not chapter.fallback
    assert [s.id for s in chapter.scenes] == ["one", "two", "three"]
    assert chapter.scenes[2].mood == "thinking"
    questions = chapter.test.spec.questions
    assert questions[0].right_answer.id == "a" and questions[0].time_limit == 10
    assert questions[1].time_limit == 25  # the default


def test_missing_translation_falls_back_to_source_language(mini_course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(mini_course, root)
    (root / "02-second" / "de.yaml").unlink()
    problems = Problems()
    course = load_course(root, "de", assets_dir(), problems)
    assert course.chapters[0].fallback is False
    assert course.chapters[1].fallback is True and course.chapters[1].language == "en"


def test_broken_translation_falls_back_and_is_reported(mini_course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(mini_course, root)
    (root / "01-hello" / "sv.yaml").write_text("id: hello\ntitle: [unclosed\n", encoding="utf-8")
    problems = Problems()
    course = load_course(root, "sv", assets_dir(), problems)
    assert course.chapters[0].fallback
    assert any("sv.yaml:3:1: YAML syntax error" in str(p) for p in problems.errors)


def test_no_course_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ContentError, match="no course folder"):
        load_course(tmp_path, "en", assets_dir())


@pytest.mark.parametrize("text, expected", [
    ("", "1:1: the file is empty"),
    ("- a\n- b\n", "1:1: the file must hold keys"),
    ("id: x\n\ttitle: y\n", "2:1: a tab is used for indentation"),
    ("a: &x [1]\nb: *x\n", "2:4: YAML syntax error: anchors and aliases"),
    ("id: !!python/object:os.system x\n", "1:5: the tag !!python/object:os.system is not allowed"),
    ("id: [x\n", "YAML syntax error"),
])
def test_bad_yaml_gives_one_clear_message(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    assert read_yaml(path, problems, "bad.yaml", course=tmp_path) is None
    assert len(problems.items) == 1
    assert expected in str(problems.items[0])


def test_non_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: Gr\xfc\xdfe\n".encode("latin-1"))
    problems = Problems()
    assert read_yaml(path, problems, "latin1.yaml", course=tmp_path) is None
    assert str(problems.items[0]).startswith("latin1.yaml:2:10: the file is not UTF-8")


def test_duplicate_and_unknown_keys_point_at_their_lines(mini_course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(mini_course, root)
    path = root / "01-hello" / "en.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary: The first chapter.\n",
                        "summary: The first chapter.\ntitel: Oops\ntitle: Twice\n")
    path.write_text(text, encoding="utf-8")
    messages = [str(p) for p in validate_course(root, assets_dir()).errors]
    assert any(m.endswith("en.yaml:4:1: unknown key 'titel' in the chapter (did you mean "
                          "'title'?)") for m in messages), messages
    assert any("en.yaml:5:1: the key 'title' appears twice" in m for m in messages), messages


def test_question_without_correct_answer(mini_course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(mini_course, root)
    path = root / "01-hello" / "de.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("          correct: true\n", "", 1),
                    encoding="utf-8")
    messages = [str(p) for p in validate_course(root, assets_dir()).errors]
    assert any("de.yaml" in m and "question q1 has no correct answer (mark one answer with "
               "'correct: true')" in m for m in messages), messages
    assert any("de.yaml" in m and "structure differs from en.yaml" in m for m in messages)


def test_unknown_speaker_is_reported(mini_course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(mini_course, root)
    path = root / "01-hello" / "sv.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("speaker: tove", "speaker: tova"),
                    encoding="utf-8")
    messages = [str(p) for p in validate_course(root, assets_dir()).errors]
    assert any("sv.yaml:11:14: the speaker 'tova' is not in the cast" in m for m in messages), \
        messages


def test_shipped_course_is_valid():
    problems = validate_course(content_dir(), assets_dir())
    assert [str(p) for p in problems.errors] == []

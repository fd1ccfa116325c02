"""Author tools: JSON Schema in agreement with the validator, translation status, preview."""
import json
import shutil

import jsonschema
import pytest
import yaml

from learnsocial.cli import main
from learnsocial.content import schema, status
from learnsocial.paths import assets_dir, content_dir
from tests.test_broken_corpus import CORPUS, EXPECTED

# Broken files whose problem is one of structure, which a JSON Schema can express as well.
SCHEMA_DETECTABLE = {
    "answer-too-long", "answers-not-a-list", "bad-colour", "correct-not-true-or-false",
    "empty-text", "missing-test", "missing-title", "pass-mark-not-a-number",
    "pass-mark-too-high", "scene-text-too-long", "scenes-not-a-list", "time-limit-too-short",
    "title-is-a-list", "unknown-game", "unknown-key-typo", "unknown-mood", "unknown-scene-key",
}


def schema_errors(document) -> list:
    validator = jsonschema.Draft202012Validator(schema.chapter_schema())
    return list(validator.iter_errors(document))


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema.chapter_schema())
    jsonschema.Draft202012Validator.check_schema(schema.course_schema())


def test_every_shipped_file_satisfies_the_schema():
    root = content_dir()
    files = sorted(root.glob("[0-9][0-9]-*/*.yaml"))
    assert files
    for path in files:
        assert schema_errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path
    for path in sorted((root / "course").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(jsonschema.Draft202012Validator(schema.course_schema())
                    .iter_errors(document)) == []


@pytest.mark.parametrize("name", sorted(SCHEMA_DETECTABLE))
def test_schema_rejects_what_the_validator_rejects(name):
    assert f"{name}.yaml" in EXPECTED
    document = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
    assert schema_errors(document), f"the schema accepts {name}.yaml"


def test_schema_accepts_the_valid_parts_of_the_corpus():
    document = yaml.safe_load((CORPUS / "duplicate-scene-id.yaml").read_text(encoding="utf-8"))
    assert schema_errors(document) == []  # duplicate ids are beyond a schema: the validator's job


def test_schema_command_prints_json(capsys):
    assert main(["content", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["title"] == "LearnSocial chapter"
    assert {v["properties"]["game"]["const"] for v in printed["properties"]["test"]["oneOf"]} \
        == {"gallery", "sorting", "sequencing", "pairing"}


def test_status_shows_outdated_texts_until_confirmed(mini_course, tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(mini_course, root)
    assert main(["content", "confirm", str(root)]) == 0
    table = status.course_status(root, assets_dir())
    assert table.rows["01-hello"]["sv"].state == status.OK
    source = root / "01-hello" / "en.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Welcome to the first scene.", "Welcome to the very first scene."), encoding="utf-8")
    (root / "02-second" / "de.yaml").unlink()
    table = status.course_status(root, assets_dir())
    assert table.rows["01-hello"]["sv"].state == status.OUTDATED
    (detail,) = table.rows["01-hello"]["sv"].details
    assert detail.endswith("01-hello/sv.yaml:9:11: scenes/one/text"), "by file, line and column"
    assert table.rows["01-hello"]["en"].state == status.OK
    assert table.rows["02-second"]["de"].state == status.MISSING
    capsys.readouterr()
    main(["content", "status", str(root)])
    out = capsys.readouterr().out
    assert "01-hello/sv.yaml: revisit 1 text:" in out and "scenes/one/text" in out
    assert main(["content", "confirm", str(root), "--lang", "sv", "--chapter", "01-hello"]) == 0
    table = status.course_status(root, assets_dir())
    assert table.rows["01-hello"]["sv"].state == status.OK
    assert table.rows["01-hello"]["de"].state == status.OUTDATED


def test_status_flags_invalid_and_structure(mini_course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(mini_course, root)
    main(["content", "confirm", str(root)])
    (root / "01-hello" / "de.yaml").write_text("id: [broken\n", encoding="utf-8")
    path = root / "01-hello" / "sv.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: three", "id: drei"),
                    encoding="utf-8")
    table = status.course_status(root, assets_dir())
    assert table.rows["01-hello"]["de"].state == status.INVALID
    assert table.rows["01-hello"]["sv"].state == status.DIFFERS


def test_preview_opens_at_a_scene_and_records_nothing(tmp_path):
    import pygame

    from learnsocial.app.session import Session
    from learnsocial.ui.app import App
    from learnsocial.ui.pilot import Pilot

    session = Session(content_dir(), None, "de")
    session.set_language("de")
    app = App(session)
    chapter = session.course.chapters[0]
    app.flow.chapter(chapter, start_index=2)
    pilot = Pilot(app)
    pilot.press(pygame.K_SPACE, times=2)
    assert app.top.index == 3 and app.session.record is None
    pygame.quit()
    assert not any(tmp_path.iterdir())


def test_another_course_directory_runs(mini_course, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEARNSOCIAL_CONTENT", str(mini_course))
    assert main(["demo", "--screenshots", str(tmp_path / "s"), "--data-dir",
                 str(tmp_path / "d")]) == 0
    assert "Hello" in capsys.readouterr().out

"""The command line: help everywhere, one-line errors, exit codes 0 / 1 / 2."""
import shutil
import subprocess
import sys

import pytest

from learnsocial.cli import main


@pytest.mark.parametrize("command", [[], ["play"], ["demo"], ["validate"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: learnsocial" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["fly"])
    assert exit_.value.code == 2


def test_validate_ok_and_broken(mini_course, tmp_path, capsys):
    assert main(["validate", str(mini_course)]) == 0
    broken = tmp_path / "broken"
    shutil.copytree(mini_course, broken)
    (broken / "01-hello" / "en.yaml").write_text("id: [oops\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "01-hello/en.yaml:2:1: YAML syntax error" in out


def test_validate_json(mini_course, tmp_path, capsys):
    import json

    broken = tmp_path / "broken"
    shutil.copytree(mini_course, broken)
    (broken / "01-hello" / "sv.yaml").unlink()
    main(["validate", "--format", "json", str(broken)])
    found = json.loads(capsys.readouterr().out)
    assert any(p["severity"] == "warning" and p["path"].endswith("01-hello/sv.yaml")
               for p in found)


def test_missing_translation_is_a_warning_unless_strict(mini_course, tmp_path, capsys):
    course = tmp_path / "c"
    shutil.copytree(mini_course, course)
    (course / "02-second" / "de.yaml").unlink()
    first = main(["validate", str(course)])
    strict = main(["validate", "--strict", str(course)])
    assert (first, strict) == (0, 1)


def test_play_without_a_display_says_so_in_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "learnsocial", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "learnsocial demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_main_py_and_module_start_the_same_cli():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for command in ([sys.executable, str(root / "main.py"), "--version"],
                    [sys.executable, "-m", "learnsocial", "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, cwd=str(root))
        assert result.stdout.startswith("learnsocial ")

"""A corpus of broken chapter files: each gives exactly one clear message, never a crash.

tests/fixtures/broken/expected.txt holds the one message of every fixture: the YAML files of
the folder, read as the loader reads a chapter, and the cases that need a whole course (a chapter
folder nobody may read), run through the command line.
"""
import ctypes
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from yaml.composer import Composer

from learnsocial import cli
from learnsocial.content import yamlfile
from learnsocial.content.loader import read_chapter_file
from learnsocial.content.model import Character
from learnsocial.content.problems import Problems

CORPUS = Path(__file__).resolve().parent / "fixtures" / "broken"
EXPECTED = dict(line.split(":", 1) for line in
                (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines())
FILES = sorted(name for name in EXPECTED if name.endswith(".yaml"))
CAST = {"maja": Character("maja", "Maja", "Guide", "#1F7A8C", "portraits/maja")}
# What a command may allocate while refusing a hostile file. The unguarded billion laughs grew
# by 90 MB/s; a refused one costs well under 1 MB.
MEMORY_LIMIT = 4_000_000
LOADERS = {"libyaml": yamlfile.LOADERS, "pure-Python": yamlfile.LOADERS[-1:]}
if len(yamlfile.LOADERS) == 1:  # PyYAML without libyaml: the pure-Python loader is all there is
    del LOADERS["libyaml"]


@pytest.fixture(autouse=True)
def parse_afresh():
    """Every test parses its files itself, not from an earlier test's cache."""
    yamlfile.forget_cached()
    yield
    yamlfile.forget_cached()


def messages(path: Path) -> list[str]:
    """Problems as printed; files are named relative to the working directory."""
    problems = Problems()
    read_chapter_file(path, problems, CAST)
    return [str(p) for p in problems.items]


def expected(name: str) -> str:
    return f"{name}:{EXPECTED[name]}"


def test_corpus_is_large_and_every_file_has_an_expectation():
    files = {p.name for p in CORPUS.glob("*.yaml")}
    assert len(files) >= 30
    assert files == set(FILES)


@pytest.mark.parametrize("loaders", sorted(LOADERS))
@pytest.mark.parametrize("name", FILES)
def test_broken_file_gives_exactly_the_expected_message(name, loaders, monkeypatch):
    """The same message whether libyaml parses or PyYAML's pure-Python parser does."""
    monkeypatch.setattr(yamlfile, "LOADERS", LOADERS[loaders])
    monkeypatch.chdir(CORPUS)
    assert messages(CORPUS / name) == [expected(name)]


def test_file_over_one_megabyte_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "huge.yaml"
    path.write_text("id: x\n" + "# padding\n" * 110_000, encoding="utf-8")
    assert messages(path) == [
        f"huge.yaml:1:1: file is too large ({path.stat().st_size} bytes; the limit is 1 MB)"]


@pytest.mark.parametrize("loaders", sorted(LOADERS))
def test_more_values_than_the_cap_are_refused_before_they_are_built(tmp_path, monkeypatch,
                                                                   loaders):
    monkeypatch.setattr(yamlfile, "LOADERS", LOADERS[loaders])
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "many.yaml"
    path.write_text("id: x\ntitle: [" + ",".join(["a"] * yamlfile.MAX_NODES) + "]\n",
                    encoding="utf-8")
    # the mapping, 'id', 'x', 'title' and the list come first: the cap is hit inside the list
    column = 9 + 2 * (yamlfile.MAX_NODES - 5)
    assert messages(path) == [f"many.yaml:2:{column}: the file holds more than 100,000 values; "
                              "split it into smaller files"]


def test_nesting_up_to_the_cap_is_read(tmp_path):
    depth = yamlfile.MAX_DEPTH - 1  # the top mapping is the first level
    path = tmp_path / "nested.yaml"
    path.write_text("id: x\ntitle: " + "[" * depth + "x" + "]" * depth + "\n", encoding="utf-8")
    problems = Problems()
    assert yamlfile.read_yaml(path, problems, course=tmp_path) is not None
    assert problems.items == []


# -- libyaml composing in C: kept only within the guards -------------------------------------------
def shape(node):
    """A node tree as plain values with tags and positions, to compare two loaders' results."""
    if isinstance(node.value, list):
        value = [shape(item) if not isinstance(item, tuple) else (shape(item[0]), shape(item[1]))
                 for item in node.value]
    else:
        value = node.value
    return (node.tag, node.start_mark.line, node.start_mark.column, value)


needs_libyaml = pytest.mark.skipif(not yamlfile.HAVE_LIBYAML, reason="PyYAML has no libyaml here")


@needs_libyaml
def test_libyaml_composes_a_shipped_chapter_as_the_guarded_composer_does():
    text = (Path(__file__).resolve().parent.parent / "chapters" / "01-social-digital-workplace"
            / "de.yaml").read_text(encoding="utf-8")
    fast = yamlfile.compose(text, yamlfile.LOADERS[:1])
    assert fast is not None
    assert shape(fast) == shape(yamlfile.compose(text, yamlfile.LOADERS[-1:]))


@needs_libyaml
@pytest.mark.parametrize("text", [
    "id: &a x\ntitle: *a\n",                                     # a scalar reached twice
    "a: &l [1, 2]\nb: [*l, *l]\n",                              # a list reached twice
    "id: x\ntitle: " + "[" * yamlfile.MAX_DEPTH + "x" + "]" * yamlfile.MAX_DEPTH + "\n",
    "id: x\ntitle: [" + ",".join(["a"] * yamlfile.MAX_NODES) + "]\n",
    "id: x\n" + "#" * yamlfile.FAST_CHARS + "\n",                  # too large for the fast path
    "id: x\ntitle: [a, !include other.yaml]\n",                  # a tag that is not plain YAML
], ids=["alias-scalar", "alias-list", "too-deep", "too-many", "too-large", "tag"])
def test_libyaml_composing_hands_anything_outside_the_guards_to_the_guarded_composer(text):
    with pytest.raises(yamlfile._NotPlain):
        yamlfile.compose(text, yamlfile.LOADERS[:1])


@needs_libyaml
def test_libyaml_composing_keeps_nesting_up_to_the_cap():
    depth = yamlfile.MAX_DEPTH - 1
    text = "id: x\ntitle: " + "[" * depth + "x" + "]" * depth + "\n"
    assert yamlfile.compose(text, yamlfile.LOADERS[:1]) is not None


@pytest.mark.parametrize("loaders", sorted(LOADERS))
def test_a_tag_on_a_group_of_keys_is_refused_where_it_stands(tmp_path, monkeypatch, loaders):
    monkeypatch.setattr(yamlfile, "LOADERS", LOADERS[loaders])
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "set.yaml"
    path.write_text("id: x\nscenes:\n  - id: a\n    extra: !!set {a, b}\n", encoding="utf-8")
    assert messages(path) == ["set.yaml:4:12: the tag !!set is not allowed; write plain text"]


# -- parsed once -------------------------------------------------------------------------------
def counting_compose(monkeypatch) -> list[int]:
    calls = []
    real = yamlfile.compose

    def compose(text, loaders=None):
        calls.append(1)
        return real(text, loaders)

    monkeypatch.setattr(yamlfile, "compose", compose)
    return calls


def test_an_unchanged_file_is_parsed_once_and_its_problems_reported_each_time(tmp_path,
                                                                             monkeypatch):
    calls = counting_compose(monkeypatch)
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\ntitle: y\n")
    first, second = Problems(), Problems()
    node = yamlfile.read_yaml(path, first, "a.yaml", course=tmp_path)
    assert yamlfile.read_yaml(path, second, "b.yaml", course=tmp_path) is node
    assert len(calls) == 1
    assert [str(p) for p in first.items] == [
        "a.yaml:1:1: warning: the file starts with a byte-order mark; save it as UTF-8 "
        "without BOM"]
    assert [str(p) for p in second.items] == [str(first.items[0]).replace("a.yaml", "b.yaml")]


def test_a_changed_file_is_parsed_again(tmp_path, monkeypatch):
    calls = counting_compose(monkeypatch)
    path = tmp_path / "chapter.yaml"
    path.write_text("id: x\ntitle: y\n", encoding="utf-8")
    before = yamlfile.read_yaml(path, Problems(), course=tmp_path)
    path.write_text("id: x\ntitle: [y\n", encoding="utf-8")
    problems = Problems()
    assert yamlfile.read_yaml(path, problems, "chapter.yaml", course=tmp_path) is None
    assert len(calls) == 2 and before is not None
    assert str(problems.items[0]).startswith("chapter.yaml:3:1: YAML syntax error")


def test_the_validator_parses_each_file_of_the_course_once(mini_course, monkeypatch):
    """The loader, the style check and the translation check all read every file."""
    from learnsocial.content.validation import validate_course
    from learnsocial.paths import assets_dir

    calls = counting_compose(monkeypatch)
    problems = validate_course(mini_course, assets_dir())
    assert problems.items == []
    assert len(calls) == len(list(mini_course.glob("*/*.yaml")))


# -- hostile files through the command line ----------------------------------------------------
@pytest.fixture
def course(tmp_path, mini_course, monkeypatch) -> Path:
    """A copy of the mini course in tmp_path/mini, the working directory being tmp_path."""
    root = tmp_path / "mini"
    shutil.copytree(mini_course, root)
    monkeypatch.chdir(tmp_path)
    return root


def run_cli(args: list[str], capsys) -> tuple[int, list[str], list[str], int]:
    """(exit code, stdout lines, stderr lines, peak bytes allocated) of one command."""
    tracemalloc.start()
    try:
        code = cli.main(args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines(), peak


def warm_up(course: Path, capsys) -> None:
    """Import what the commands import, so the memory counted is the work on the files."""
    for command in (["validate"], ["content", "status"]):
        assert cli.main(command + [str(course)]) == 0
    capsys.readouterr()


def no_crash(err: list[str]) -> bool:
    return not any("Traceback" in line or "unexpected" in line for line in err)


def test_billion_laughs_costs_status_and_confirm_almost_nothing(course, capsys, monkeypatch):
    warm_up(course, capsys)
    shutil.copy(CORPUS / "billion-laughs.yaml", course / "01-hello" / "en.yaml")
    lock = (course / "translations.lock.json").read_bytes()
    composed = []
    real = yamlfile._GuardedComposer.compose_node

    def counted(self, parent, index):
        composed.append(1)
        return real(self, parent, index)

    monkeypatch.setattr(yamlfile._GuardedComposer, "compose_node", counted)

    code, out, err, peak = run_cli(["content", "status", str(course)], capsys)
    assert code == 0 and no_crash(err) and peak < MEMORY_LIMIT
    assert out[2].split() == ["01-hello", "ok", "invalid", "ok", "0"]

    code, out, err, peak = run_cli(["content", "confirm", str(course)], capsys)
    assert code == 1 and peak < MEMORY_LIMIT
    assert err == ["error: " + expected("billion-laughs.yaml").replace(
        "billion-laughs.yaml", "mini/01-hello/en.yaml")]
    assert (course / "translations.lock.json").read_bytes() == lock  # nothing forgotten
    # only the bomb is parsed (the other files are unchanged since the warm-up): once by libyaml
    # and once by the pure-Python parser for the message, each stopping at the first alias
    assert len(composed) < 100


def test_the_memory_count_sees_an_unguarded_bomb(course, capsys, monkeypatch):
    """The check above can fail: with the guards taken out, a small bomb (9**5 values) makes
    status allocate far more than the limit."""
    warm_up(course, capsys)
    monkeypatch.setattr(yamlfile._GuardedComposer, "compose_node", Composer.compose_node)
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{name}: &{name} [" + ",".join([f"*{before}"] * 9) + "]"
             for before, name in zip("abcd", "bcde", strict=True)]
    (course / "01-hello" / "en.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _out, _err, peak = run_cli(["content", "status", str(course)], capsys)
    assert peak > MEMORY_LIMIT


@pytest.mark.parametrize("command", [["validate"], ["content", "status"],
                                     ["content", "confirm"]])
def test_deep_nesting_is_one_line_in_every_command(course, capsys, command):
    shutil.copy(CORPUS / "deep-nesting.yaml", course / "01-hello" / "de.yaml")
    code, out, err, _peak = run_cli(command + [str(course)], capsys)
    assert no_crash(err)
    if command == ["validate"]:
        assert code == 1
        assert out == [expected("deep-nesting.yaml").replace("deep-nesting.yaml",
                                                             "mini/01-hello/de.yaml")]
    elif command == ["content", "status"]:
        assert code == 0 and out[2].split() == ["01-hello", "invalid", "ok", "ok", "0"]
    else:
        assert code == 0  # confirm reads the source (en) only


def test_a_link_out_of_the_course_is_refused_unread(course, tmp_path, capsys):
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(course / "02-second" / "de.yaml", outside)
    (course / "02-second" / "de.yaml").unlink()
    (course / "02-second" / "de.yaml").symlink_to(outside)
    (course / "03-sorting" / "sv.yaml").unlink()  # a link inside the course is fine
    (course / "03-sorting" / "sv.yaml").symlink_to(Path("..") / "03-sorting" / "de.yaml")
    code, out, err, _peak = run_cli(["validate", str(course)], capsys)
    assert code == 1 and no_crash(err)
    assert out == [expected("symlink-outside.yaml").replace("symlink-outside.yaml",
                                                           "mini/02-second/de.yaml")]


def _drop_root_override() -> None:
    """In the child, before exec: root without the right to read what its permissions forbid
    (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH leave the bounding set)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(sys.platform != "linux", reason="permissions and capabilities as on Linux")
def test_an_unreadable_chapter_folder_is_one_line(course, tmp_path):
    """Run as a separate process, as a learner's shell would; as root (which may read anything)
    the process runs without the capabilities that let root ignore permissions."""
    folder = course / "02-second"
    folder.chmod(0)
    env = dict(os.environ, PYTHONPATH=str(Path(cli.__file__).resolve().parent.parent),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    try:
        runs = {}
        for command in (["validate"], ["content", "status"], ["content", "confirm"]):
            try:
                runs[command[-1]] = subprocess.run(
                    [sys.executable, "-m", "learnsocial", *command, str(course)], cwd=tmp_path,
                    env=env, capture_output=True, text=True,
                    preexec_fn=_drop_root_override if os.geteuid() == 0 else None)
            except subprocess.SubprocessError as error:
                pytest.skip(f"cannot drop root's right to read anything here: {error}")
    finally:
        folder.chmod(0o755)
    validate = runs["validate"]
    assert validate.returncode == 1 and no_crash(validate.stderr.splitlines())
    assert validate.stdout.splitlines() == [expected("02-second").replace("02-second",
                                                                         "mini/02-second")]
    for name in ("status", "confirm"):
        assert runs[name].returncode == 0 and no_crash(runs[name].stderr.splitlines())
    assert runs["status"].stdout.splitlines()[3].split() == ["02-second", "missing", "missing",
                                                            "missing", "0"]


def test_every_yaml_read_goes_through_read_yaml():
    """Only yamlfile parses YAML; other modules may use PyYAML's node classes, nothing else."""
    import ast

    package = Path(cli.__file__).resolve().parent
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "yamlfile.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            found += [f"{path.relative_to(package)}: {name}" for name in names
                      if name.split(".")[0] == "yaml" and name != "yaml.nodes"]
    assert found == []

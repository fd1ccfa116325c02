"""A generated course whose every text is as long as the validator allows, in long German
compounds: what the layout must survive when an author writes to the limit."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from learnsocial.content.chaptertest import FORMATS
from learnsocial.content.schema import CHAPTER_FIELDS, COURSE, LINE, NOTICE, OPTION, SCENE
from learnsocial.paths import content_dir

WORDS = ("Informationssicherheitsbeauftragte", "Pop-up-Benachrichtigungseinstellungen",
         "Kundenzufriedenheitsbefragung", "Quartalsprüfungsgespräch", "Mitarbeitende",
         "Wissensmanagementplattform", "und", "die", "Community-Manager", "Gruppenverwaltung")


def words(limit: int, seed: int = 0) -> str:
    """Text made of long words, exactly `limit` characters long at most and near it."""
    out, n = "", seed
    while True:
        word = WORDS[n % len(WORDS)]
        candidate = f"{out} {word}" if out else word
        if len(candidate) > limit:
            return out or word[:limit]
        out, n = candidate, n + 1


def limit(schema: dict, key: str) -> int:
    return schema["properties"][key].get("maxLength", 60)


def write_long_course(root: Path) -> Path:
    """The shipped course's cast and assets, with chapters of maximal texts in every language."""
    shutil.copytree(content_dir() / "course", root / "course")
    for language in ("en", "sv", "de"):
        path = root / "course" / f"{language}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["title"] = words(limit(COURSE, "title"))
        data["welcome"] = words(limit(COURSE, "welcome"), 1)
        data["notice"] = {"version": 1, "title": words(limit(NOTICE, "title"), 2),
                          "text": words(limit(NOTICE, "text"), 3)}
        for member in data["cast"]:
            member["role"] = words(40, 4)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    gallery = FORMATS["gallery"].schema
    question = gallery["properties"]["questions"]["items"]
    answer = question["properties"]["answers"]["items"]
    chapters = {
        "01-lang-galerie": {"game": "gallery", "intro": words(240), "questions": [
            {"id": f"q{n}", "prompt": words(limit(question, "prompt"), n), "answers": [
                {"id": f"a{k}", "text": words(limit(answer, "text"), n + k),
                 "correct": k == 0, "feedback": words(200, k)} for k in range(6)]}
            for n in range(3)]},
        "02-lang-sortierung": {"game": "sorting", "intro": words(240),
                               "prompt": words(110), "bins": [
                                   {"id": f"b{k}", "label": words(28, k)} for k in range(4)],
                               "cards": [{"id": f"c{n}", "text": words(70, n), "bin": f"b{n % 4}",
                                          "feedback": words(200, n)} for n in range(8)]},
        "03-lang-reihenfolge": {"game": "sequencing", "intro": words(240), "prompt": words(110),
                                "steps": [{"id": f"s{n}", "text": words(60, n),
                                           "feedback": words(200, n)} for n in range(8)]},
        "04-lang-paare": {"game": "pairing", "intro": words(240), "prompt": words(110),
                          "pairs": [{"id": f"p{n}", "left": words(30, n), "right": words(70, n),
                                     "feedback": words(200, n)} for n in range(8)]},
    }
    for number, (folder, test) in enumerate(chapters.items()):
        scenes = [{"id": f"s{n}", "speaker": "maja", "backdrop": "open-plan",
                   "text": words(limit(SCENE, "text"), n)} for n in range(3)]
        scenes.insert(1, {"id": "choice", "speaker": "jonas", "text": words(320, 5), "options": [
            {"id": f"o{k}", "text": words(limit(OPTION, "text"), k),
             "rating": ("best", "ok", "poor", "poor")[k],
             "reaction": [{"speaker": "tove", "text": words(limit(LINE, "text"), k + r)}
                          for r in range(3)],
             "reflection": words(limit(OPTION, "reflection"), k)} for k in range(4)]})
        chapter = {"id": f"lang-{number}",
                   "title": words(CHAPTER_FIELDS["title"]["maxLength"], number),
                   "summary": words(140, number), "scenes": scenes, "test": test}
        (root / folder).mkdir(parents=True)
        for language in ("en", "sv", "de"):
            (root / folder / f"{language}.yaml").write_text(
                yaml.safe_dump(chapter, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root

"""The story graph of a chapter: every scene reachable, every path ending at the test.

Scenes follow each other in the order listed unless `next` sends the story elsewhere; a choice
scene branches to its options' targets. The validator proves that the first scene reaches every
other one, and that from every scene the story reaches the test (so no loop is a trap).
"""
from __future__ import annotations

from collections.abc import Mapping

from learnsocial.content.model import TO_TEST, Scene
from learnsocial.content.problems import Problems
from learnsocial.content.yamlfile import Fields
from learnsocial.i18n import _


def successors(scenes: list[Scene], index: int) -> list[str]:
    """Where the story can go from the scene at index (scene ids or TO_TEST)."""
    scene = scenes[index]
    following = scenes[index + 1].id if index + 1 < len(scenes) else TO_TEST
    if scene.options:
        return [option.next or scene.next or following for option in scene.options]
    return [scene.next or following]


def check_story(scenes: list[Scene], nodes: Mapping[str, Fields],
                option_nodes: Mapping[tuple[str, str], Fields], problems: Problems,
                path: str) -> None:
    if not scenes:
        return
    ids = {scene.id for scene in scenes}
    known = ids | {TO_TEST}
    graph: dict[str, list[str]] = {}
    bad_target = False
    for index, scene in enumerate(scenes):
        graph[scene.id] = successors(scenes, index)
        targets = [(scene.next, nodes[scene.id].node_of("next"))]
        targets += [(option.next, option_nodes[(scene.id, option.id)].node_of("next"))
                    for option in scene.options if (scene.id, option.id) in option_nodes]
        for target, where in targets:
            if target and target not in known:
                bad_target = True
                problems.at(path, where, _("'next' names the scene '{target}', which does not "
                                           "exist (use a scene id or '{test}')").format(
                    target=target, test=TO_TEST))
    if bad_target:
        return  # the graph is not what the author meant; fix the names first
    reached = _reachable(graph, scenes[0].id)
    for scene in scenes:
        if scene.id not in reached:
            problems.at(path, nodes[scene.id].node, _(
                "no path reaches the scene '{id}' (give an earlier scene or option "
                "'next: {id}')").format(id=scene.id))
    reverse: dict[str, list[str]] = {node: [] for node in known}
    for source, successors_of in graph.items():
        for successor in successors_of:
            reverse[successor].append(source)
    ends = _reachable(reverse, TO_TEST)
    trapped = [scene.id for scene in scenes if scene.id in reached and scene.id not in ends]
    if trapped:
        problems.at(path, nodes[trapped[0]].node, _(
            "the scenes {ids} loop with no way out: the story never reaches the test from "
            "them (add a 'next' that leads on)").format(ids=", ".join(trapped)))


def _reachable(graph: Mapping[str, list[str]], start: str) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for target in graph.get(stack.pop(), []):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen

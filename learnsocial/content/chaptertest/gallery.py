"""The shooting gallery's format: questions with answers that ride on targets."""
from __future__ import annotations

from dataclasses import dataclass

from learnsocial.content.problems import Problems
from learnsocial.content.schema import FEEDBACK, ID, TEST_COMMON, listing, record, text
from learnsocial.content.yamlfile import Fields
from learnsocial.i18n import _

GAME = "gallery"
MAX_ANSWERS = 6  # three rails, two targets each
DEFAULT_TIME_LIMIT = 25.0

ANSWER_SCHEMA = record({
    "id": ID,
    "text": text(48, "The label on the target; short enough to read while it moves."),
    "correct": {"type": "boolean", "description": "Mark exactly one answer with true."},
    "feedback": FEEDBACK,
}, ("id", "text", "feedback"))
QUESTION_SCHEMA = record({
    "id": ID,
    "prompt": text(160, "The question on the banner: a situation or a misconception."),
    "time_limit": {"type": "number", "minimum": 5, "maximum": 120,
                   "description": "Seconds (default 25); ignored when time limits are off."},
    "answers": listing(ANSWER_SCHEMA, 2, MAX_ANSWERS),
}, ("id", "prompt", "answers"))
SCHEMA = record({"game": {"const": GAME}, **TEST_COMMON,
                 "questions": listing(QUESTION_SCHEMA)}, ("game", "questions"),
                "Shooting gallery: shoot the right answer to each question.")


@dataclass(frozen=True)
class Answer:
    id: str
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    answers: tuple[Answer, ...]
    time_limit: float = DEFAULT_TIME_LIMIT

    @property
    def right_answer(self) -> Answer:
        return next(answer for answer in self.answers if answer.correct)


@dataclass(frozen=True)
class GallerySpec:
    questions: tuple[Question, ...]
    game = GAME

    def structure(self) -> list:
        """What must be equal in every translation: ids, order and correct answers."""
        return [(q.id, [(a.id, a.correct) for a in q.answers]) for q in self.questions]

    def items(self) -> list[tuple[str, str]]:
        """(item id, its text) of everything answered in the test, for HR statistics."""
        return [(q.id, q.prompt) for q in self.questions]

    def response_text(self, item_id: str, response_id: str) -> str:
        question = next((q for q in self.questions if q.id == item_id), None)
        answer = next((a for a in question.answers if a.id == response_id), None) \
            if question else None
        return answer.text if answer else response_id


def parse(fields: Fields, problems: Problems, path: str) -> GallerySpec:
    questions = []
    seen: set[str] = set()
    for node in fields.entries("questions"):
        q = Fields(node, problems, path, QUESTION_SCHEMA, _("a question"))
        qid = q.unique_id(seen)
        answers = []
        answer_ids: set[str] = set()
        reported = len(problems.items)
        for answer_node in q.entries("answers"):
            a = Fields(answer_node, problems, path, ANSWER_SCHEMA, _("an answer"))
            answer = Answer(a.unique_id(answer_ids), a.text("text"), a.flag("correct"),
                            a.text("feedback", required=False))
            if a.node is not None and not answer.feedback and a.has("id"):
                problems.at(path, a.node, (
                    _("answer {answer} of question {question} has no feedback: say why it is "
                      "right") if answer.correct else
                    _("answer {answer} of question {question} has no feedback: say why this "
                      "tempting answer is wrong")).format(answer=answer.id, question=qid))
            answers.append(answer)
        question = Question(qid, q.text("prompt"), tuple(answers),
                            q.number("time_limit", DEFAULT_TIME_LIMIT, 5, 120))
        if q.is_list("answers") and len(problems.items) == reported:
            _check_answers(question, q, problems, path)  # not on top of a problem just reported
        questions.append(question)
    if len(questions) < 1 and fields.has("questions"):
        problems.at(path, fields.node_of("questions"), _("the test has no questions"))
    return GallerySpec(tuple(questions))


def _check_answers(question: Question, q: Fields, problems: Problems, path: str) -> None:
    where = q.node_of("answers")
    correct = sum(1 for a in question.answers if a.correct)
    if correct == 0:
        problems.at(path, where, _("question {id} has no correct answer (mark one answer with "
                                   "'correct: true')").format(id=question.id))
    elif correct > 1:
        problems.at(path, where, _("question {id} has {count} correct answers; the gallery "
                                   "needs exactly one").format(id=question.id, count=correct))
    if correct == len(question.answers):
        problems.at(path, where, _("question {id} has no wrong answer; add at least one")
                    .format(id=question.id))
    if len(question.answers) > MAX_ANSWERS:
        problems.at(path, where, _("question {id} has {count} answers; the gallery shows at "
                                   "most {limit}").format(id=question.id,
                                                          count=len(question.answers),
                                                          limit=MAX_ANSWERS))

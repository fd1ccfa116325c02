"""A LearningRecord for tests that only need statements queued (no real course files)."""
from learnsocial.app.learning_record import LearningRecord
from learnsocial.content.model import Chapter, Course


def record_for(store, employee_id: str, language: str = "en",
               chapter_ids: tuple[str, ...] = ("c1",)) -> LearningRecord:
    chapters = [Chapter(cid, cid, language, f"Chapter {cid}", "", "#24476B", 0.8, [], None)
                for cid in chapter_ids]
    course = Course("course", "Course", "", "en", language, {}, chapters)
    return LearningRecord(store, employee_id, language, course, lambda: {language: course})

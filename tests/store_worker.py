"""A child process for the crash tests: writes records forever, reporting each one written."""
import sys
from pathlib import Path

from learnsocial.progress.records import AnswerRecord, Attempt
from learnsocial.progress.store import ProgressStore


def main() -> None:
    data_dir, employee, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = ProgressStore(data_dir)
    store.sign_in(employee, f"Worker {employee}")
    print("ready", flush=True)
    for n in range(count):
        attempt = Attempt(Attempt.new_id(), employee, f"c{n % 6}", "gallery",
                          "2026-11-22T10:00:00+00:00", f"2026-11-22T10:00:{n % 60:02d}+00:00",
                          [AnswerRecord(f"q{k}", "a", True, 1.0, 100) for k in range(6)],
                          1.0, 600 + n, n % 3 == 0)
        store.record_attempt(attempt)  # returns only once the write is durable
        store.save_position(employee, f"c{n % 6}", f"s{n}", 1.0)
        print(attempt.attempt_id, flush=True)


if __name__ == "__main__":
    main()

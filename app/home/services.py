"""What home pages list: due work for cadres, completion for managers."""

from collections import Counter
from dataclasses import dataclass

from app.access import query_tasks
from app.extensions import db
from app.models import Submission, SubmissionStatus, Task
from app.periods import is_overdue


@dataclass
class CadreItem:
    """One task on a cadre's list, with where the unit's submission stands."""

    task: Task
    submission: Submission | None

    @property
    def status(self) -> SubmissionStatus | None:
        return self.submission.status if self.submission else None

    @property
    def is_open(self) -> bool:
        return self.status in (None, SubmissionStatus.draft, SubmissionStatus.returned)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and is_overdue(self.task.due_on)

    @property
    def urgency(self) -> tuple:
        # Returned reports first, then open ones by deadline, then finished ones, newest first.
        if self.status is SubmissionStatus.returned:
            return (0, self.task.due_on.toordinal())
        if self.is_open:
            return (1, self.task.due_on.toordinal())

        return (2, -self.task.due_on.toordinal())


def summarize_cadre_tasks(user) -> list[CadreItem]:
    """The cadre's unit's tasks, most urgent first."""
    tasks = db.session.scalars(query_tasks(user)).all()
    submissions = {
        s.task_id: s
        for s in db.session.scalars(
            db.select(Submission).where(
                Submission.unit_id == user.unit_id,
                Submission.task_id.in_([t.id for t in tasks]),
            )
        )
    }
    items = [CadreItem(task, submissions.get(task.id)) for task in tasks]

    return sorted(items, key=lambda item: item.urgency)


@dataclass
class TaskSummary:
    """A task with how many units stand at each status."""

    task: Task
    counts: Counter

    @property
    def assigned(self) -> int:
        return len(self.task.units)

    @property
    def done(self) -> int:
        return self.counts[SubmissionStatus.submitted] + self.counts[SubmissionStatus.approved]


def summarize_manager_tasks(tasks: list[Task]) -> list[TaskSummary]:
    """Each task with its submissions counted by status, in one query."""
    counts: dict[int, Counter] = {task.id: Counter() for task in tasks}
    rows = db.session.execute(
        db.select(Submission.task_id, Submission.status, db.func.count())
        .where(Submission.task_id.in_(list(counts)))
        .group_by(Submission.task_id, Submission.status)
    )
    for task_id, status, count in rows:
        counts[task_id][status] = count

    return [TaskSummary(task, counts[task.id]) for task in tasks]


def list_bulletin_links(user, tasks: list[Task]) -> list[tuple]:
    """Each bulletin the user may render, for every period their tasks cover, newest first."""
    from app.bulletins.routes import query_bulletins

    periods = sorted({task.period for task in tasks}, reverse=True)
    bulletins = db.session.scalars(query_bulletins(user)).all()

    return [(bulletin, period) for bulletin in bulletins for period in periods]

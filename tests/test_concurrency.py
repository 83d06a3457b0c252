"""Racing requests: two saves from one revision, approve against return. One wins, always."""

import os
import threading
from datetime import date

import pytest

from app import create_app
from app.demo.loader import load_demo
from app.extensions import db
from app.models import AuditEvent, Submission, SubmissionStatus, User
from app.report_templates.services import get_definition, get_template_by_code
from app.submissions import services
from app.submissions import values as form_values
from app.tasks.services import issue_task


@pytest.fixture
def shared_app(tmp_path):
    """An app whose threads each get their own connection: a file database, or PostgreSQL."""
    overrides = {}
    if not os.environ.get("TEST_DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'race.sqlite'}"
    app = create_app("testing", overrides)
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo(window_periods=(), hotline=False)
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def user(username: str) -> User:
    return db.session.scalars(db.select(User).filter_by(username=username)).one()


def hotline_data(task, visited: str):
    definition = get_definition(task.template_version)
    data = form_values.empty_form(definition)
    counts = {
        "valid_orders": "9",
        "on_time": "9",
        "visited": visited,
        "satisfied": visited,
        "dissatisfied": "0",
        "very_dissatisfied": "0",
    }
    for field in definition.get_section("orders").input_fields:
        data["orders"][0].cells[field.code] = form_values.parse_cell(field, counts[field.code])
    return data


def race(app, *jobs):
    """Run the jobs at the same moment, each in its own thread and app context."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            barrier.wait()
            try:
                outcomes[index] = job()
            except (services.StaleRevision, services.NotEditable) as error:
                outcomes[index] = type(error).__name__
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    return outcomes


def test_two_saves_from_one_revision_never_both_win(shared_app):
    manager, cadre = user("manager_rexian"), user("cadre_nanzhou")
    task = issue_task(
        get_template_by_code("hotline_orders"),
        "2024-12",
        date(2025, 1, 5),
        [cadre.unit_id],
        manager,
    )
    services.save_submission(task, cadre.unit_id, hotline_data(task, "1"), cadre, revision=0)
    task_id, unit_id, cadre_id = task.id, cadre.unit_id, cadre.id

    def save(visited):
        def job():
            from app.models import Task

            task = db.session.get(Task, task_id)
            actor = db.session.get(User, cadre_id)
            data = hotline_data(task, visited)
            return services.save_submission(task, unit_id, data, actor, revision=1).submitted

        return job

    outcomes = race(shared_app, save("5"), save("7"))

    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task_id)).one()
    db.session.refresh(submission)
    assert sorted(map(str, outcomes)) == ["False", "StaleRevision"]
    assert submission.revision == 2
    saves = db.session.scalars(db.select(AuditEvent).filter_by(action="saved")).all()
    assert len(saves) == 2


def test_approve_and_return_at_once_leave_one_decision(shared_app):
    manager, cadre = user("manager_rexian"), user("cadre_nanzhou")
    task = issue_task(
        get_template_by_code("hotline_orders"),
        "2024-12",
        date(2025, 1, 5),
        [cadre.unit_id],
        manager,
    )
    result = services.save_submission(
        task, cadre.unit_id, hotline_data(task, "9"), cadre, revision=0, submit=True
    )
    submission_id, manager_id = result.submission.id, manager.id

    def review(action):
        def job():
            submission = db.session.get(Submission, submission_id)
            actor = db.session.get(User, manager_id)
            if action == "approve":
                services.approve_submission(submission, actor)
            else:
                services.return_submission(submission, actor, "请核实")
            return action

        return job

    outcomes = race(shared_app, review("approve"), review("return"))

    submission = db.session.get(Submission, submission_id)
    db.session.refresh(submission)
    assert "NotEditable" in outcomes
    winner = next(o for o in outcomes if o != "NotEditable")
    expected = SubmissionStatus.approved if winner == "approve" else SubmissionStatus.returned
    assert submission.status is expected
    decisions = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action.in_(["approved", "returned"]))
    ).all()
    assert len(decisions) == 1

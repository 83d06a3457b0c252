"""`flask demo load` builds the demo county once; a second run changes nothing."""

from app.extensions import db
from app.models import AuditEvent, Submission, SubmissionValue, Task, Unit, User


def counts() -> dict:
    return {
        model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Unit, User, Task, Submission, SubmissionValue, AuditEvent)
    }


def test_demo_load_twice_changes_nothing(app):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["demo", "load"])
    after_first = counts()
    second = runner.invoke(args=["demo", "load"])

    assert first.exit_code == second.exit_code == 0
    assert "Demo county loaded." in first.output
    assert "already loaded" in second.output
    assert "cadre_zwzx" in second.output
    assert counts() == after_first
    assert after_first["Unit"] == 35
    assert after_first["Submission"] == 2 + 31 + 1


def test_demo_history_is_approved_with_an_audit_trail(demo):
    submissions = db.session.scalars(db.select(Submission)).all()

    assert {s.status.value for s in submissions} == {"approved"}
    actions = db.session.scalars(db.select(AuditEvent.action).distinct()).all()
    assert set(actions) == {"issued", "submitted", "approved"}

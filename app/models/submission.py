"""Submissions (填报记录) and their values, one row per value (the long layout).

The long layout was chosen from ../shared/bench_floors/RESULTS.md: on this machine it beats a
JSON document per submission on every rollup (2-8x in SQLite), and it lets history and
carry-forward follow a single value or roster row by its key.
"""

import enum

from app.extensions import db
from app.models.types import ExactDecimal, utcnow


class SubmissionStatus(enum.Enum):
    """Where a unit's report for one task stands."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"


class Submission(db.Model):
    """One unit's report for one task; `revision` counts every saved change."""

    __tablename__ = "submission"
    __table_args__ = (db.UniqueConstraint("task_id", "unit_id"),)

    id = db.Column(db.Integer, primary_key=True)
    task_id = db.Column(db.Integer, db.ForeignKey("task.id"), nullable=False, index=True)
    unit_id = db.Column(db.Integer, db.ForeignKey("unit.id"), nullable=False, index=True)
    template_version_id = db.Column(
        db.Integer,
        db.ForeignKey("template_version.id"),
        nullable=False,
    )
    status = db.Column(
        db.Enum(SubmissionStatus, native_enum=False, length=20),
        nullable=False,
        default=SubmissionStatus.draft,
    )
    revision = db.Column(db.Integer, nullable=False, default=0)
    carried_from_id = db.Column(db.Integer, db.ForeignKey("submission.id"))
    filled_by = db.Column(db.String(80))
    contact_phone = db.Column(db.String(40))
    return_reason = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
    submitted_at = db.Column(db.DateTime)
    reviewed_at = db.Column(db.DateTime)
    reviewed_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))

    task = db.relationship("Task", backref="submissions")
    unit = db.relationship("Unit")
    template_version = db.relationship("TemplateVersion")
    values = db.relationship(
        "SubmissionValue",
        cascade="all, delete-orphan",
        order_by="(SubmissionValue.section, SubmissionValue.row_order)",
    )
    explanations = db.relationship("RuleExplanation", cascade="all, delete-orphan")
    reviewed_by = db.relationship("User", foreign_keys=[reviewed_by_id])


class SubmissionValue(db.Model):
    """One value: a scalar field (row_key "") or a cell of a roster row.

    `num` holds a parsed number; `txt` holds text, or what the cadre typed into a numeric
    field when it did not parse, so that nothing typed is lost before it is corrected.
    """

    __tablename__ = "submission_value"

    submission_id = db.Column(db.Integer, db.ForeignKey("submission.id"), primary_key=True)
    section = db.Column(db.String(60), primary_key=True)
    row_key = db.Column(db.String(40), primary_key=True)
    field_code = db.Column(db.String(60), primary_key=True)
    row_order = db.Column(db.Integer, nullable=False, default=0)
    num = db.Column(ExactDecimal())
    txt = db.Column(db.Text)


class RuleExplanation(db.Model):
    """A cadre's written explanation of a 核实 rule that the submission trips."""

    __tablename__ = "rule_explanation"

    submission_id = db.Column(db.Integer, db.ForeignKey("submission.id"), primary_key=True)
    rule_code = db.Column(db.String(60), primary_key=True)
    row_key = db.Column(db.String(40), primary_key=True, default="")
    text = db.Column(db.Text, nullable=False)

"""Tasks (填报任务): a template version issued for one period to a set of units."""

from app.extensions import db
from app.models.types import utcnow

task_unit = db.Table(
    "task_unit",
    db.Column("task_id", db.Integer, db.ForeignKey("task.id"), primary_key=True),
    db.Column("unit_id", db.Integer, db.ForeignKey("unit.id"), primary_key=True),
)


class Task(db.Model):
    """A reporting period's request to units, with a fill window and a deadline."""

    __tablename__ = "task"
    __table_args__ = (db.UniqueConstraint("template_id", "period"),)

    id = db.Column(db.Integer, primary_key=True)
    template_id = db.Column(db.Integer, db.ForeignKey("report_template.id"), nullable=False)
    template_version_id = db.Column(
        db.Integer,
        db.ForeignKey("template_version.id"),
        nullable=False,
    )
    # A month period is written "2024-11"; the string sorts in time order.
    period = db.Column(db.String(20), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    opens_on = db.Column(db.Date, nullable=False)
    due_on = db.Column(db.Date, nullable=False)
    issued_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
    # After the deadline the form closes; a unit then asks for 补报 (LateRequest).
    is_closed_after_due = db.Column(
        db.Boolean, nullable=False, default=False, server_default=db.false()
    )
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    template = db.relationship("ReportTemplate")
    template_version = db.relationship("TemplateVersion")
    issued_by = db.relationship("User")
    units = db.relationship("Unit", secondary=task_unit, order_by="Unit.sort_order")

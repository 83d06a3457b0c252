"""Report templates (表样) and their immutable versions."""

from app.extensions import db
from app.models.types import utcnow


class ReportTemplate(db.Model):
    """A report a department owns; its form lives in numbered versions."""

    __tablename__ = "report_template"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(60), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    owner_unit_id = db.Column(db.Integer, db.ForeignKey("unit.id"), nullable=False, index=True)
    frequency = db.Column(db.String(20), nullable=False, default="month")
    form_number = db.Column(db.String(40))
    issuing_office = db.Column(db.String(120))
    approval_number = db.Column(db.String(80))
    valid_until = db.Column(db.Date)
    # What the designer is editing; publishing turns it into the next version.
    draft_definition = db.Column(db.JSON)
    # Issue the next period's task by itself, to the units of the latest one.
    is_auto_issued = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    owner_unit = db.relationship("Unit")
    versions = db.relationship(
        "TemplateVersion",
        back_populates="template",
        order_by="TemplateVersion.number",
    )

    @property
    def current_version(self) -> "TemplateVersion | None":
        return self.versions[-1] if self.versions else None


class TemplateVersion(db.Model):
    """One frozen definition of a template: sections, fields, rules and rollups as data.

    A version that has submissions is never edited; a change makes a new version, and old
    submissions keep rendering with the definition they were filled against.
    """

    __tablename__ = "template_version"
    __table_args__ = (db.UniqueConstraint("template_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    template_id = db.Column(db.Integer, db.ForeignKey("report_template.id"), nullable=False)
    number = db.Column(db.Integer, nullable=False)
    definition = db.Column(db.JSON, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    template = db.relationship("ReportTemplate", back_populates="versions")

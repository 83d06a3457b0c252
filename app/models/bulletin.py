"""Bulletin templates (简报): sections whose sentences are computed from rollups."""

from app.extensions import db
from app.models.types import utcnow


class BulletinTemplate(db.Model):
    """A section of the county bulletin written once, rendered for any period."""

    __tablename__ = "bulletin_template"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(60), nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    owner_unit_id = db.Column(db.Integer, db.ForeignKey("unit.id"), nullable=False)
    # Sandboxed Jinja source; see app/bulletins/services.py for what it may use.
    body = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    owner_unit = db.relationship("Unit")

"""Messages to a person inside Tongbao, such as a reminder (催报) to report."""

from app.extensions import db
from app.models.types import utcnow


class Notification(db.Model):
    """One message to one account; shown on their home page until read."""

    __tablename__ = "notification"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id"), nullable=False, index=True)
    task_id = db.Column(db.Integer, db.ForeignKey("task.id"))
    message = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    read_at = db.Column(db.DateTime)

    task = db.relationship("Task")

"""Accounts, each bound to one unit and one role."""

import enum

from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.types import utcnow


class Role(enum.Enum):
    """What an account may do: run the platform, own templates and review, or fill."""

    admin = "admin"
    manager = "manager"
    cadre = "cadre"


class User(UserMixin, db.Model):
    """A person's account (账号)."""

    __tablename__ = "user_account"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), nullable=False, unique=True)
    display_name = db.Column(db.String(80), nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.Enum(Role, native_enum=False, length=20), nullable=False)
    unit_id = db.Column(db.Integer, db.ForeignKey("unit.id"), nullable=False, index=True)
    phone = db.Column(db.String(20))
    is_enabled = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    unit = db.relationship("Unit")

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def is_manager(self) -> bool:
        return self.role is Role.manager

    @property
    def is_cadre(self) -> bool:
        return self.role is Role.cadre

"""The unit tree: county, townships, departments, villages and service windows."""

import enum
from datetime import date

from app.extensions import db


class UnitKind(enum.Enum):
    """What kind of body a unit is; reports are often issued to all units of one kind."""

    county = "county"
    township = "township"
    department = "department"
    enterprise = "enterprise"
    village = "village"
    window = "window"


class Unit(db.Model):
    """A reporting unit (填报单位), placed in a tree with start and end dates."""

    __tablename__ = "unit"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    kind = db.Column(db.Enum(UnitKind, native_enum=False, length=20), nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("unit.id"), index=True)
    sort_order = db.Column(db.Integer, nullable=False, default=0)
    starts_on = db.Column(db.Date)
    ends_on = db.Column(db.Date)

    parent = db.relationship("Unit", remote_side=[id], backref="children")

    def is_active_on(self, day: date) -> bool:
        """Tell whether the unit existed on `day`."""
        if self.starts_on and day < self.starts_on:
            return False
        return not (self.ends_on and day > self.ends_on)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"

"""Workflow steps shared by web-flow tests."""

from app.extensions import db
from app.models import Task
from app.report_templates.services import get_template_by_code


def issue(manager, template_code: str, period: str) -> Task:
    """Issue a task through the manager's web form, keeping its suggested units."""
    template = get_template_by_code(template_code)
    form = manager.open_form(f"/tasks/new?template_id={template.id}")
    form.set("period", period)

    response = manager.post("/tasks/new", form.items(("submit", "下发")))

    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(
        db.select(Task).filter_by(template_id=template.id, period=period)
    ).one()

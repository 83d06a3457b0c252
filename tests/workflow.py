"""Workflow steps shared by web-flow tests."""

from app.extensions import db
from app.models import Task
from app.report_templates.services import get_template_by_code


def issue(
    manager,
    template_code: str,
    period: str,
    unit_ids: list[int] | None = None,
    due_on: str = "",
) -> Task:
    """Issue a task through the manager's web form, keeping its suggestions unless given."""
    template = get_template_by_code(template_code)
    form = manager.open_form(f"/tasks/new?template_id={template.id}")
    form.set("period", period)
    if due_on:
        form.set("due_on", due_on)
    if unit_ids is not None:
        form.fields = [f for f in form.fields if f[0] != "unit_ids"]
        for unit_id in unit_ids:
            form.add("unit_ids", str(unit_id))

    response = manager.post("/tasks/new", form.items(("submit", "下发")))

    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(
        db.select(Task).filter_by(template_id=template.id, period=period)
    ).one()

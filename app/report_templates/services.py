"""Reading template versions and creating templates."""

import logging

from app.extensions import db
from app.models import ReportTemplate, TemplateVersion
from app.report_templates.definition import Definition, parse_definition

logger = logging.getLogger(__name__)


def get_definition(version: TemplateVersion) -> Definition:
    """The parsed definition of a version; versions never change, so it is kept on the object."""
    parsed = getattr(version, "_parsed_definition", None)
    if parsed is None:
        parsed = parse_definition(version.definition)
        version._parsed_definition = parsed

    return parsed


def get_template_by_code(code: str) -> ReportTemplate | None:
    """The template with `code`, or None."""
    return db.session.scalars(db.select(ReportTemplate).filter_by(code=code)).first()


def add_version(template: ReportTemplate, definition: dict) -> TemplateVersion:
    """Add a new version after checking that its definition works; the caller commits."""
    parse_definition(definition)
    number = (template.current_version.number + 1) if template.current_version else 1
    version = TemplateVersion(template=template, number=number, definition=definition)
    db.session.add(version)
    logger.info("template %s version %s added", template.code, number)

    return version

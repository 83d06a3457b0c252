"""Reading template versions and creating templates."""

import logging

from app.extensions import db
from app.models import ReportTemplate, TemplateVersion
from app.report_templates.definition import Definition, parse_definition
from app.report_templates.files import HEADER_FIELDS

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


class TemplateOwnedElsewhere(ValueError):
    """A template code that another department owns."""


def import_template(header: dict, definition: dict, owner_unit_id: int) -> TemplateVersion:
    """Create the template, or add a version to the one the unit owns; the caller commits.

    Existing submissions keep the version they were filled against; the next task issued
    uses the new one, and rollups line versions up by field code.
    """
    template = get_template_by_code(header["code"])
    if template is not None and template.owner_unit_id != owner_unit_id:
        raise TemplateOwnedElsewhere(header["code"])

    if template is None:
        template = ReportTemplate(code=header["code"], owner_unit_id=owner_unit_id)
        db.session.add(template)
    for name, value in header.items():
        if name != "code" and name in HEADER_FIELDS and value is not None:
            setattr(template, name, value)
    if template.current_version and template.current_version.definition == definition:
        return template.current_version

    # The imported definition is now the one to build on; an older draft would undo it.
    template.draft_definition = None
    return add_version(template, definition)

"""The template file (tongbao-template/1): a template and its definition as one JSON file.

docs/template-format.md documents the format; a county hands a form to another county by
exporting it here and importing it there.
"""

import json
import re
from datetime import date

from flask_babel import lazy_gettext as _l

from app.models import ReportTemplate
from app.periods import FREQUENCIES
from app.report_templates.definition import DefinitionError, parse_definition

FORMAT = "tongbao-template/1"
HEADER_FIELDS = (
    "code",
    "name",
    "frequency",
    "form_number",
    "issuing_office",
    "approval_number",
    "valid_until",
)


class TemplateFileError(ValueError):
    """A template file that cannot be imported, with the reason for the person importing it."""


def export_template(template: ReportTemplate) -> dict:
    """The template's header and current definition, ready for json.dump."""
    header = {name: getattr(template, name) for name in HEADER_FIELDS}
    if header["valid_until"] is not None:
        header["valid_until"] = header["valid_until"].isoformat()

    version = template.current_version
    # An unpublished template exports its draft, so a form can travel before it is used.
    return {
        "format": FORMAT,
        "template": header,
        "version": version.number if version else 0,
        "definition": version.definition if version else template.draft_definition,
    }


def read_template_file(data: bytes) -> tuple[dict, dict]:
    """Check a template file and return its header and definition."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise TemplateFileError(str(_l("文件嵌套过深，请用统报导出的文件"))) from None
    except UnicodeDecodeError:
        raise TemplateFileError(str(_l("文件不是UTF-8编码的JSON，请用统报导出的文件"))) from None
    except json.JSONDecodeError as error:
        message = _l(
            "文件第 %(line)s 行第 %(column)s 列不是有效的JSON，请用统报导出的文件",
            line=error.lineno,
            column=error.colno,
        )
        raise TemplateFileError(str(message)) from None

    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or not isinstance(document.get("template") or {}, dict)
    ):
        message = _l("文件格式不对：应为“%(format)s”，请用统报导出的表样文件", format=FORMAT)
        raise TemplateFileError(str(message))

    header = document.get("template") or {}
    definition = document.get("definition") or {}
    if not header.get("code") or not header.get("name"):
        raise TemplateFileError(str(_l("文件缺少报表代码或名称")))
    if not re.match(r"^[a-z][a-z0-9_]{0,59}\Z", str(header["code"])):
        message = _l(
            "报表代码“%(code)s”只能用小写字母开头，含小写字母、数字和下划线", code=header["code"]
        )
        raise TemplateFileError(str(message))
    _check_header(header)
    try:
        parse_definition(definition)
    except DefinitionError as error:
        raise TemplateFileError(str(_l("表样定义有误：%(reason)s", reason=error))) from None
    except Exception:  # an uploaded file can be any shape; its details mean nothing to users
        raise TemplateFileError(str(_l("表样定义的结构有误，请用统报导出的文件"))) from None

    return header, definition


def _check_header(header: dict) -> None:
    if header.get("frequency", "month") not in FREQUENCIES:
        raise TemplateFileError(str(_l("报送频率应为 month、quarter、half、year 或 once")))
    if header.get("valid_until"):
        try:
            header["valid_until"] = date.fromisoformat(header["valid_until"])
        except (TypeError, ValueError):
            raise TemplateFileError(str(_l("有效期应写成 2026-12-31 这样的日期"))) from None
    for name in HEADER_FIELDS:
        value = header.get(name)
        if value is not None and not isinstance(value, str | date):
            raise TemplateFileError(str(_l("“%(name)s”应为文字", name=name)))

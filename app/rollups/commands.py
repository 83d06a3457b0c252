"""`flask rollup export TEMPLATE_CODE PERIOD --output FILE.xlsx`."""

import click
from flask.cli import with_appcontext

from app.excel import write_rollup_workbook
from app.periods import is_valid_period
from app.report_templates.services import get_definition, get_template_by_code
from app.rollups.services import SCOPE_STATUSES, compute_rollup


@click.group()
def rollup():
    """Consolidated tables (汇总表)."""


@rollup.command("export")
@click.argument("template_code")
@click.argument("period")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False))
@click.option("--rollup", "rollup_code", default=None, help="Rollup code; the first by default.")
@click.option("--scope", type=click.Choice(list(SCOPE_STATUSES)), default="approved")
@with_appcontext
def export(template_code, period, output, rollup_code, scope):
    """Write a template's consolidated table for PERIOD (e.g. 2024-11) to an .xlsx file."""
    template = get_template_by_code(template_code)
    if template is None:
        raise click.BadParameter(f"no template with code {template_code!r}")
    if not is_valid_period(period):
        raise click.BadParameter("PERIOD is written like 2024-11, 2024-Q4, 2024-H2 or 2024")

    definition = get_definition(template.current_version)
    rollup_code = rollup_code or definition.rollups[0]["code"]
    result = compute_rollup(template, rollup_code, period, scope)
    if result.task is None:
        raise click.ClickException(f"{template_code} has no task for {period}")

    write_rollup_workbook(result, output, made_by="flask rollup export")
    click.echo(
        f"{output}: {len(result.rows)} rows, "
        f"{len(result.covered_units)}/{len(result.covered_units) + len(result.missing_units)} units"
    )

"""`flask tasks issue-due`: issue the next period of auto-issued templates (for cron)."""

import click
from flask.cli import with_appcontext

from app.tasks.services import issue_due_tasks


@click.group()
def tasks():
    """Tasks (填报任务)."""


@tasks.command("issue-due")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="China date; today by default.")
@with_appcontext
def issue_due(today):
    """Issue every auto-issued template's next period once it has begun."""
    issued = issue_due_tasks(today.date() if today else None)
    for task in issued:
        click.echo(f"issued {task.template.code} {task.period} to {len(task.units)} units")
    click.echo(f"{len(issued)} tasks issued")

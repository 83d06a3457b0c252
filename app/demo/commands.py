"""`flask demo load`: the demo county, loaded once."""

import click
from flask.cli import with_appcontext

from app.demo.loader import DEMO_PASSWORD, demo_logins, load_demo


@click.group()
def demo():
    """The demo county (南县) and its published tables."""


@demo.command("load")
@with_appcontext
def load():
    """Load the demo county if the database is empty; running it again changes nothing."""
    if load_demo():
        click.echo("Demo county loaded.")
    else:
        click.echo("Demo county already loaded; nothing changed.")
    print_logins()


def print_logins() -> None:
    """Print the demo accounts and their shared password."""
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role in demo_logins():
        click.echo(f"  {username:<18} {role}")
    click.echo("  cadre_<unit code> for every other unit, e.g. cadre_jiaoyu (教育局)")

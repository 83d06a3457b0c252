"""WTForms forms, one module per domain; every form carries a CSRF token."""

from wtforms.fields.choices import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs, in the form WTForms 3.3 expects."""
    return [SelectChoice(value, label) for value, label in pairs]

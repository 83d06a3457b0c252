"""WTForms forms, one module per domain; every form carries a CSRF token."""

"""Submissions (填报记录): filling, checking, submitting and reviewing a unit's report."""

"""Consolidated tables (汇总表) computed live from submissions."""

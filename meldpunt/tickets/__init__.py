"""Tickets: the work a department does on a report, and its audited lifecycle."""

"""Routing: classify a report and decide which authority and department handle it."""

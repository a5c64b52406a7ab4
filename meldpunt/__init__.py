"""Meldpunt: report problems in public space, routed to whoever is responsible."""

__version__ = "0.1.0"

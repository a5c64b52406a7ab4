"""Reports: intake of a resident's report, its processing into a ticket, its public view."""

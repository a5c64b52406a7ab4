"""Settings, error base classes, taxonomy and logging; imports nothing else of Meldpunt."""

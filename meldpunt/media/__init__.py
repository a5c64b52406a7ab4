"""Photo intake and storage: check, orient, strip metadata, thumbnail, content-addressed keys."""

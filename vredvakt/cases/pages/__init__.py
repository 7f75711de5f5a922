"""What the case pages show, read from the database; no HTTP and no state changes here."""

"""The key pages over HTTP: a care worker's loans, and the register's overview pages."""

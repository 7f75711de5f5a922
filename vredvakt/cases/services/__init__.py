"""Every state change of a case, each in one transaction with its timeline, audit and notices."""

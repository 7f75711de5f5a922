"""The shell's pages over HTTP: the home page and the registers of clients, locks and keys."""

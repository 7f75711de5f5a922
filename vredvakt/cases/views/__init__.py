"""The case pages over HTTP: parse the request, call a service, render (one module per page)."""

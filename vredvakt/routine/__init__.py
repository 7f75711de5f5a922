"""The routine's rules as pure Python: no Django, `now` always passed in."""

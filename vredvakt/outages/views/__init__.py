"""The major-outage pages over HTTP, and the alarm group's battery task button."""

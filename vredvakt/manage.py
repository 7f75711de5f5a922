"""The `vredvakt` console script: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from vredvakt.lib.deep_stack import with_deep_stack
    from vredvakt.lib.env import MISSING_SECRET_KEY, ConfigError

    try:
        # Every command's work (a worker's loop, the demo's load) fits one chunk of frames.
        with_deep_stack(execute_from_command_line, sys.argv)
    except (ConfigError, ImproperlyConfigured) as exc:
        # A missing or bad setting is one line that names it, never a traceback.
        message = str(exc)
        if "SECRET_KEY" in message:  # Django's own wording when a command signs something
            message = MISSING_SECRET_KEY
        sys.stderr.write(f"vredvakt: {message}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

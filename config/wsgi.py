import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from vredvakt.lib.env import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
# Fail at start, not on the first request that needs a session.
require_secret_key(settings.SECRET_KEY_MISSING)

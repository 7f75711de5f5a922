"""What the commands that serve no page check when they start."""

from django.core.checks import Tags

# Every system check but the URL conf's. Checking the URLs imports every view and
# the whole API, about a second of CPU, which a worker or a command serving no page
# would pay at each start and then never use (#11). `vredvakt serve`, the web server
# and `vredvakt check` still check them.
CHECKS_WITHOUT_URLS = [
    tag for name, tag in vars(Tags).items() if not name.startswith("_") and tag != Tags.urls
]

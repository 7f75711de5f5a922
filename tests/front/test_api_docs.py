"""The API's docs page loads Swagger UI from our own origin, never a third-party CDN.

The page runs on the same origin as the session cookies; a script from elsewhere
would run with the signed-in user's rights.
"""

import re

from django.test import Client


def test_the_api_docs_load_only_our_own_scripts_and_styles(world) -> None:
    client = Client()
    client.force_login(world.kim)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert [s for s in sources if s.startswith(("http:", "https:", "//"))] == []
    for source in sources:
        if source.endswith((".js", ".css")):
            assert client.get(source).status_code == 200, source

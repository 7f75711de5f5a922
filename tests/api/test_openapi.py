import json

from django.test import Client as HttpClient

PATHS = (
    "/api/v1/me",
    "/api/v1/units",
    "/api/v1/units/{unit_id}",
    "/api/v1/memberships",
    "/api/v1/memberships/{membership_id}",
    "/api/v1/clients",
    "/api/v1/clients/{client_id}",
    "/api/v1/care-decisions",
    "/api/v1/care-decisions/{decision_id}",
    "/api/v1/locks",
    "/api/v1/locks/{lock_id}",
    "/api/v1/key-storages",
    "/api/v1/key-storages/{storage_id}",
    "/api/v1/keys",
    "/api/v1/keys/{key_id}",
    "/api/v1/routine-versions",
    "/api/v1/routine-versions/current",
    "/api/v1/routine-versions/{version_id}",
)


def test_the_openapi_schema_is_json_listing_every_path(db):
    response = HttpClient().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(PATHS) <= set(schema["paths"])
    assert {"post", "get"} <= set(schema["paths"]["/api/v1/clients"])
    assert "patch" in schema["paths"]["/api/v1/clients/{client_id}"]


def test_the_schema_documents_both_ways_to_sign_in(db):
    schema = HttpClient().get("/api/v1/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}


def test_the_interactive_docs_are_served(db):
    response = HttpClient().get("/api/v1/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content

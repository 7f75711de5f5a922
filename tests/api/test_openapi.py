import json
from collections import defaultdict
from enum import Enum
from typing import get_args

from django.test import Client as HttpClient
from pydantic import BaseModel

from vredvakt.api import api

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


def _models_in(annotation, found):
    """Every pydantic model and enum an annotation reaches, through lists, unions, Annotated."""
    if annotation in found or not isinstance(annotation, type):
        for arg in get_args(annotation):
            _models_in(arg, found)
    elif issubclass(annotation, Enum):
        found.add(annotation)
    elif issubclass(annotation, BaseModel):
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)


def _component_models():
    """Component name -> the models documented under it, from every route's input and output."""
    found: set[type] = set()
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                # ninja's own wrappers (path, query, body, response) are flattened, not components.
                for wrapper in [*operation.models, *operation.response_models.values()]:
                    if isinstance(wrapper, type) and issubclass(wrapper, BaseModel):
                        for field in wrapper.model_fields.values():
                            _models_in(field.annotation, found)
    by_name = defaultdict(set)
    for model in found:
        by_name[model.__name__].add(model)
    return by_name


def test_no_two_models_share_a_component_name():
    # ninja files every model under its class name: the second one of a name silently
    # replaces the first, and an endpoint is documented with another endpoint's shape.
    shared = {
        name: sorted(f"{model.__module__}.{model.__qualname__}" for model in models)
        for name, models in _component_models().items()
        if len(models) > 1
    }

    assert shared == {}


def test_the_care_decisions_list_is_documented_with_its_own_shape(db):
    schema = HttpClient().get("/api/v1/openapi.json").json()

    page = schema["components"]["schemas"]["PagedDecisionOut"]
    item = page["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
    fields = set(schema["components"]["schemas"][item]["properties"])
    assert {"reference", "client", "valid_from", "valid_until", "status"} <= fields


def _integers(schema, components, seen=()):
    """Every integer schema a request schema reaches, through $refs, anyOf, items, properties."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _integers(components[name], components, (*seen, name))
        return
    if schema.get("type") == "integer":
        yield schema
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for part in schema.get(key, []):
            yield from _integers(part, components, seen)
    parts = [schema["items"]] if "items" in schema else []
    for part in [*parts, *schema.get("properties", {}).values()]:
        yield from _integers(part, components, seen)


def test_every_integer_a_client_sends_is_bounded_to_64_bits(db):
    # SQLite and PostgreSQL hold 64-bit integers: a larger id, filter or offset must be
    # refused by validation (422), not reach a query (500).
    schema = HttpClient().get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    unbounded = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            inputs = [p["schema"] for p in operation.get("parameters", [])]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                inputs.append(content["schema"])
            for integer in (i for s in inputs for i in _integers(s, components)):
                low, high = integer.get("minimum", -(2**64)), integer.get("maximum", 2**64)
                if not -(2**63) <= low <= high < 2**63:
                    unbounded.append(f"{method.upper()} {path}: {integer}")

    assert unbounded == []

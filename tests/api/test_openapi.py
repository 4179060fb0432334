"""The OpenAPI 3.1 document is valid, and the real answers match its schemas."""

import jsonschema
import pytest
from openapi_spec_validator import validate


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _schema(document: dict, path: str, status: str) -> dict:
    """The response schema of `path` for `status`, with the document's components to resolve refs."""
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def test_the_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    assert set(document["paths"]) == {"/api/v1/coverage", "/api/v1/people", "/api/v1/openapi.json"}


def test_the_real_answers_match_their_schemas(call, org, figures, document):
    for by in ("office", "country", "module"):
        answer = call(f"/api/v1/coverage?by={by}").get_json()
        jsonschema.validate(answer, _schema(document, "/api/v1/coverage", "200"))
    answer = call(f"/api/v1/people?office={org.oslo.id}").get_json()
    jsonschema.validate(answer, _schema(document, "/api/v1/people", "200"))
    for url, status in (("/api/v1/coverage?by=x", "400"), ("/api/v1/people?office=999", "404")):
        jsonschema.validate(call(url).get_json(), _schema(document, url.split("?")[0], status))
    jsonschema.validate(
        call("/api/v1/people", bearer="bad").get_json(), _schema(document, "/api/v1/people", "401")
    )

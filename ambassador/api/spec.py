"""The OpenAPI 3.1 document: the schemas here, each operation in its view's docstring (apispec)."""

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import current_app

INTEGER = {"type": "integer"}
TEXT = {"type": "string"}
COUNT = {"type": "integer", "minimum": 0}
MOMENT = {"type": "string", "format": "date-time", "description": "UTC, ISO 8601"}


def _object(properties: dict, optional: tuple[str, ...] = (), **extra) -> dict:
    """An object schema whose properties are all required but the `optional` ones."""
    required = [name for name in properties if name not in optional]
    return {"type": "object", "required": required, "properties": properties, **extra}


def _list_of(item: dict | str) -> dict:
    """An array of `item`, a schema or the name of one in the components."""
    return {
        "type": "array",
        "items": {"$ref": f"#/components/schemas/{item}"} if isinstance(item, str) else item,
    }


STATUS = {"type": "string", "enum": ["current", "refresher_open", "overdue", "to_do"]}
SCHEMAS = {
    "Error": _object({"error": {"type": "string", "description": "What was wrong, in English"}}),
    "CoverageRow": _object(
        {
            "office_id": {**INTEGER, "description": "by=office only"},
            "office": {**TEXT, "description": "by=office only"},
            "country": {**TEXT, "description": "by=office and by=country"},
            "module_id": {**INTEGER, "description": "by=module only"},
            "required": COUNT,
            "valid": COUNT,
            "refresher_open": COUNT,
            "overdue": COUNT,
            "to_do": COUNT,
            "coverage": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        },
        optional=("office_id", "office", "country", "module_id"),
        additionalProperties=False,
    ),
    "CoverageAnswer": _object({"as_of": MOMENT, "rows": _list_of("CoverageRow")}),
    "Person": _object(
        {
            "id": INTEGER,
            "name": TEXT,
            "email": TEXT,
            "statuses": _list_of(_object({"module_id": INTEGER, "status": STATUS})),
        }
    ),
    "PeopleAnswer": _object(
        {
            "as_of": MOMENT,
            "office_id": INTEGER,
            "office": TEXT,
            "modules": _list_of(_object({"module_id": INTEGER, "title": TEXT})),
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "total": COUNT,
            "people": _list_of("Person"),
        }
    ),
}


def document(views) -> dict:
    """The OpenAPI document of `views` (functions whose docstrings describe them after `---`)."""
    spec = APISpec(
        title="Ambassador API",
        version="1",
        openapi_version="3.1.0",
        plugins=[FlaskPlugin()],
        info={"description": "Read-only coverage figures and statuses. Errors are JSON, in English."},
        servers=[{"url": current_app.config["BASE_URL"].rstrip("/")}],
        security=[{"bearer": []}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    for view in views:
        spec.path(view=view)
    return spec.to_dict()

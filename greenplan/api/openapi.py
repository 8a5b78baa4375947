"""The answers every operation may give besides its own, written into the OpenAPI document.

Declaring 401/403/404/422/400/413/415 by hand on each endpoint would drift; they follow from
what the operation takes, so they are added here by the same rules the code follows: a bearer
token may be refused (401); a unit or period in the path may be unknown (404) or outside the
user's scope (403); any parameter or body may be invalid (422); a body may be unreadable
(400), too large (413) or of another content type (415). What an endpoint declares wins.
"""

from typing import Any

from ninja import NinjaAPI

from greenplan.api.report_schemas import ErrorOut, FieldErrorOut, InvalidOut

ERROR = "ErrorOut"
INVALID = "InvalidOut"
DESCRIPTIONS = {
    400: "The body is not readable JSON (not UTF-8, a lone surrogate, NaN…).",
    401: "No bearer token, or an invalid, expired or revoked one.",
    403: "Outside the user's scope, or a role too low for the act.",
    404: "An unknown unit, period, plan or item.",
    413: "The body is larger than the server accepts.",
    415: "The body is not application/json (UTF-8), or not multipart/form-data where a file is sent.",
    422: "Invalid parameters or body; nothing was saved.",
}


def _answer(status: int, name: str) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def document_errors(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, InvalidOut, FieldErrorOut):
        schemas.setdefault(model.__name__, model.model_json_schema(ref_template="#/components/schemas/{model}"))
    for item in document["paths"].values():
        for operation in item.values():
            # Ninja keys its own answers by int; JSON needs one key per status.
            responses = {str(status): answer for status, answer in operation.get("responses", {}).items()}
            operation["responses"] = responses
            parameters = operation.get("parameters", [])
            added = []
            if operation.get("security"):
                added.append((401, ERROR))
            if any(p["in"] == "path" for p in parameters):
                added += [(403, ERROR), (404, ERROR)]
            if parameters or "requestBody" in operation:
                added.append((422, INVALID))
            if "requestBody" in operation:
                added += [(400, ERROR), (413, ERROR), (415, ERROR)]
            for status, name in added:
                responses.setdefault(str(status), _answer(status, name))
    return document


class DocumentedApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))


def _keep_unknown(model: Any) -> Any:
    mapped = model._map_data_paths

    def map_data_paths(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
        # Ninja keeps only the declared names; hand the others to pydantic, which refuses them.
        known = getattr(cls, "__ninja_flatten_map__", None) or {}
        return {**{k: v for k, v in data.items() if k not in known}, **mapped(data)}

    return classmethod(map_data_paths)


def forbid_unknown_query_parameters(api: NinjaAPI) -> None:
    """A misspelt `?stauts=approved` must not be silently ignored: the client would trust a filter
    that was never applied. Only the parameters in the document are accepted (422 otherwise)."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    if model.__ninja_param_source__ != "query":
                        continue
                    model.model_config["extra"] = "forbid"
                    model.model_rebuild(force=True)
                    model._map_data_paths = _keep_unknown(model)

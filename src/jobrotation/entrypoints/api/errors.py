"""The API's errors as JSON ``{"fejl": "<Danish message>"}``, made by the router's own route
class (``JsonErrorRoute``), so they are the same whichever app includes the router.

The status codes are in the table of the package docstring (``entrypoints.api``).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.responses import Response

from jobrotation.domain.errors import (
    Conflict,
    IllegalTransition,
    InvalidInput,
    InvalidParameters,
    JobrotationError,
    NotAllowed,
    NotFound,
    RateUnknown,
)

STATUS: tuple[tuple[type[JobrotationError], int], ...] = (
    (InvalidInput, 422), (InvalidParameters, 422), (RateUnknown, 422),
    (NotAllowed, 403), (NotFound, 404), (Conflict, 409), (IllegalTransition, 409),
)


class Fejl(BaseModel):
    fejl: str = Field(description="Fejlen forklaret på dansk")


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Fejl, "description": text} for code, text in (
        (401, "Mangler eller ugyldig API-nøgle"),
        (403, "Adgangspolitikken tillader ikke handlingen"),
        (404, "Findes ikke"),
        (409, "Ændret af en anden siden læsningen, eller trinnet er ikke muligt nu"),
        (422, "Ugyldige oplysninger"))}
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {422: ERRORS[422]}

# Outside the router's routes: an unknown address or method (the standalone app).
HTTP_MESSAGES = {404: "Adressen findes ikke i API'et.",
                 405: "Metoden kan ikke bruges på denne adresse."}


def error_response(exc: Exception) -> JSONResponse:
    """A product error, an HTTP error or a malformed request as ``{"fejl": ...}``."""
    if isinstance(exc, RequestValidationError):
        return JSONResponse({"fejl": _validation_message(exc)}, status_code=422)
    if isinstance(exc, HTTPException):
        return JSONResponse({"fejl": str(exc.detail)}, status_code=exc.status_code,
                            headers=exc.headers)
    status = next((code for kind, code in STATUS if isinstance(exc, kind)), 400)
    return JSONResponse({"fejl": str(exc)}, status_code=status)


# Pydantic's error types in Danish (its own English message is the fallback).
VALIDATION_MESSAGES = {
    "missing": "mangler", "extra_forbidden": "kendes ikke",
    "json_invalid": "er ikke gyldig JSON", "dict_type": "skal være et objekt",
    "model_attributes_type": "skal være et objekt", "list_type": "skal være en liste",
    "int_parsing": "skal være et helt tal", "int_type": "skal være et helt tal",
    "int_from_float": "skal være et helt tal", "float_parsing": "skal være et tal",
    "float_type": "skal være et tal", "finite_number": "skal være et endeligt tal",
    "decimal_parsing": "skal være et beløb", "decimal_type": "skal være et beløb",
    "decimal_max_places": "højst {decimal_places} decimaler",
    "bool_parsing": "skal være true eller false", "bool_type": "skal være true eller false",
    "string_type": "skal være tekst", "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)", "literal_error": "skal være {expected}",
    "greater_than_equal": "skal være mindst {ge}", "greater_than": "skal være over {gt}",
    "less_than_equal": "må højst være {le}", "less_than": "skal være under {lt}",
    "string_too_short": "må ikke være tom", "string_too_long": "højst {max_length} tegn",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        template = VALIDATION_MESSAGES.get(error.get("type", ""))
        try:
            text = template.format(**error.get("ctx", {})).replace("' or '", "' eller '") \
                if template else None
        except (KeyError, IndexError):
            text = None
        parts.append(f"{where or 'indholdet'}: {text or error.get('msg', 'ugyldig')}")
    return "Forespørgslen er ikke gyldig — " + "; ".join(parts)


class JsonErrorRoute(APIRoute):
    """A route whose errors become ``{"fejl": ...}`` here, not in the including app (the
    web app turns errors into HTML pages)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except (JobrotationError, RequestValidationError, HTTPException) as exc:
                return error_response(exc)

        return route

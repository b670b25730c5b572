"""Where each domain error becomes what a user sees: an HTTP status, a CLI exit status."""

from __future__ import annotations

from govdx.domain.errors import Conflict, GovdxError, Invalid, NotAllowed, NotFound

HTTP_STATUS: dict[type[GovdxError], int] = {
    NotAllowed: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
}

EXIT_STATUS: dict[type[GovdxError], int] = {
    NotAllowed: 3,
    NotFound: 4,
    Conflict: 5,
    Invalid: 2,
}


def http_status(error: GovdxError) -> int:
    for kind in type(error).__mro__:
        if kind in HTTP_STATUS:
            return HTTP_STATUS[kind]
    return 400


def exit_status(error: GovdxError) -> int:
    for kind in type(error).__mro__:
        if kind in EXIT_STATUS:
            return EXIT_STATUS[kind]
    return 1

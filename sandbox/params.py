"""Bot API request parameters, read the way Telegram reads them.

Parameters may arrive in the query string, a JSON body, a urlencoded form or a
multipart form. Clients such as python-telegram-bot JSON-encode nested values
and even numbers into strings, so every accessor accepts the native type or its
string form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from .validation import ApiError, bad_request


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


class Params:
    """Typed access to the merged parameters of one request."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        # An Integer is an Integer: Telegram refuses 25.0 and "25.0" as it refuses true.
        if isinstance(value, bool | float):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in {"true", "1", "yes"}

    def get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def get_file(self, name: str) -> UploadedFile | str | None:
        """An uploaded part, or the string (file_id or URL) given in its place."""
        if name in self.files:
            return self.files[name]
        value = self.get_str(name)
        if value and value.startswith("attach://"):
            attached = self.files.get(value.removeprefix("attach://"))
            if attached is None:
                raise bad_request(f"file {value} not found in the request")
            return attached
        return value


async def read_params(request: web.Request) -> Params:
    values: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.method == "POST" and request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON request body") from None
            if isinstance(body, dict):
                values.update(body)
        elif content_type == "multipart/form-data":
            await _read_multipart(request, values, files)
        else:
            values.update(await request.post())
    return Params(values, files)


async def _read_multipart(
    request: web.Request, values: dict[str, Any], files: dict[str, UploadedFile]
) -> None:
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        if part.filename is not None:
            data = await part.read(decode=True)
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files[part.name] = UploadedFile(part.filename, content_type, bytes(data))
        else:
            values[part.name] = await part.text()

"""schemathesis hooks of scripts/api-fuzz.sh (loaded through the generated schemathesis.toml).

`relay_positive_data_acceptance` replaces the built-in `positive_data_acceptance` check ("a request the
document calls valid must not be refused"). It runs the built-in check unchanged, except for refusals that
depend on server state the document cannot express, each documented on its operation and matched by
method, path, status and error code/field so that nothing else is let through:

- PATCH /v1/sessions/{id}: 400 VALIDATION_ERROR on `completed_at` earlier than the session's start;
- POST /v1/presign: 400 VALIDATION_ERROR on `angle_deg` off the session's frame grid (`details.step`) or a
  `shot_name` outside the session's shot list (`details.allowed`);
- POST /v2/sessions/{id}/sync/compute: 400 for what the session's assets lack (none, fewer than two ready
  cameras, a master camera that is not one of them, `MISSING_AUDIO_TRACK`);
- POST /v2/sessions/{id}/assets/{assetId}/complete: 400 UPLOAD_FAILED (an upload id or parts that do not
  match the open upload; the fuzzer cannot PUT the parts to their presigned URLs);
- the WebSocket handshakes: 400 WEBSOCKET_UPGRADE_REQUIRED (a fuzzer sends plain GETs);
- seed 002's file paths (`GET /v1/files`, `POST /v1/files/validate`, `POST /v1/analysis/sync`,
  `POST /v1/waveforms/generate[-async]`, `POST /v1/analysis/componentized/async`, also at `/api/v1`): 400 PATH_NOT_ALLOWED for a path outside the configured media roots (or with `..`, or a name
  over 255 bytes) and 400 INVALID_FILE_TYPE for what the file on disk is (a folder, no audio stream);
- POST /v1/analysis/batch/upload-csv: 400 INVALID_CSV_FORMAT for what the uploaded file holds (a binary
  `file` part the document cannot describe further: not CSV, unknown columns, rows naming no file);
- the two creates with `Idempotency-Key`: 422 IDEMPOTENCY_KEY_REUSED (the key was used before with another
  body; draft-ietf-httpapi-idempotency-key-header), a conflict with an earlier request like a 409.

It also skips cases schemathesis labels positive although one of their parts was generated negative (its
coverage phase does so when it varies a header and cannot build a valid body).

`relay_ignored_auth` replaces the built-in `ignored_auth` ("an operation that needs a token refuses a
request without one, or with a bad one, with 401/403"): the same check, except that a probe answered 429
proves nothing either way. Rate limits come before authentication by design (a request with a bad token
counts against its IP address), so with limits on, the probes — all from 127.0.0.1 — run into the IP
bucket.
"""
from __future__ import annotations

import json

import schemathesis
from schemathesis.openapi.checks import IgnoredAuth
from schemathesis.specs.openapi.checks import ignored_auth as builtin_ignored_auth
from schemathesis.specs.openapi.checks import positive_data_acceptance as builtin_positive_data_acceptance


def _error(response) -> tuple[str | None, dict]:
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return None, {}
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, {}
    details = error.get("details") if isinstance(error.get("details"), dict) else {}
    return error.get("code"), details


def _state_dependent(method: str, path: str, status: int, code: str | None, details: dict) -> bool:
    field = details.get("field")
    if method == "PATCH" and path == "/v1/sessions/{id}":
        return status == 400 and code == "VALIDATION_ERROR" and field == "completed_at"
    if method == "POST" and path == "/v1/presign":
        return status == 400 and code == "VALIDATION_ERROR" and (
            (field == "angle_deg" and "step" in details) or (field == "shot_name" and "allowed" in details)
        )
    if method == "POST" and path == "/v2/sessions/{id}/sync/compute":
        return status == 400 and (
            code == "MISSING_AUDIO_TRACK" or (code == "VALIDATION_ERROR" and field in (None, "masterCamera"))
        )
    if method == "POST" and path == "/v2/sessions/{id}/assets/{assetId}/complete":
        return status == 400 and code == "UPLOAD_FAILED"
    if method == "GET" and path in ("/v1/video/{videoId}/status/stream", "/v2/sessions/{id}/events"):
        return status == 400 and code == "WEBSOCKET_UPGRADE_REQUIRED"
    if method == "POST" and path in ("/v1/sessions", "/v2/sessions"):
        return status == 422 and code == "IDEMPOTENCY_KEY_REUSED"
    if (method, path) in (("GET", "/v1/files"), ("POST", "/v1/files/validate"), ("POST", "/v1/analysis/sync"),
                          ("POST", "/v1/waveforms/generate"), ("POST", "/v1/waveforms/generate-async"),
                          ("POST", "/v1/analysis/componentized/async"), ("POST", "/api/v1/analysis/componentized/async"),
                          ("GET", "/api/v1/files"), ("POST", "/api/v1/files/validate"), ("POST", "/api/v1/analysis/sync"),
                          ("POST", "/api/v1/waveforms/generate"), ("POST", "/api/v1/waveforms/generate-async")):
        return status == 400 and code in ("PATH_NOT_ALLOWED", "INVALID_FILE_TYPE")
    if method == "POST" and path in ("/v1/analysis/batch/upload-csv", "/api/v1/analysis/batch/upload-csv"):
        return status == 400 and code == "INVALID_CSV_FORMAT"
    return False


@schemathesis.check
def relay_positive_data_acceptance(ctx, response, case):
    meta = case.meta
    if meta is not None and any(info.mode.is_negative for info in (meta.components or {}).values()):
        return None
    if 400 <= response.status_code < 500:
        code, details = _error(response)
        if _state_dependent(case.operation.method.upper(), case.operation.path, response.status_code, code, details):
            return None
    return builtin_positive_data_acceptance(ctx, response, case)


@schemathesis.check
def relay_ignored_auth(ctx, response, case):
    try:
        return builtin_ignored_auth(ctx, response, case)
    except IgnoredAuth as failure:
        if "got `429 " in (failure.message or ""):
            return None
        raise

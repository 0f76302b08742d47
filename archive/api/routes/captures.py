"""/api/captures/{id}/raw: a capture's bytes exactly as archived, for checking and reuse;
/api/captures/{id}/warc: the WARC exchange a capture from the web was read from, as recorded."""

import base64

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from archive.models import Capture

from .common import Id, responses

router = Router(tags=["captures"])

BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
WARC = {"application/warc": {"schema": {"type": "string", "format": "binary"}}}


@router.get(
    "/captures/{id}/raw",
    response=responses(None, not_found=True),
    summary="A capture's original bytes",
    description="Served as an attachment of type application/octet-stream, never rendered: archived pages "
    "come from the open web. Repr-Digest carries the SHA-256 the archive recorded.",
    openapi_extra={"responses": {200: {"description": "The bytes", "content": BINARY}}},
)
def capture_raw(request, id: Id):
    capture = get_object_or_404(Capture, pk=id)
    response = HttpResponse(bytes(capture.raw), content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f'attachment; filename="capture-{capture.pk}-{capture.sha256[:12]}.{_ext(capture)}"'
    )
    # RFC 9530: lets a client verify the bytes against the recorded checksum.
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(capture.sha256)).decode()}:"
    return response


@router.get(
    "/captures/{id}/warc",
    response=responses(None, not_found=True),
    summary="A web capture's WARC exchange",
    description="The request and response records (every redirect hop too) of a capture made with "
    "`manage.py capture` or `watch`, exactly as recorded: WARC/1.1, gzip per record, as an attachment of "
    "type application/warc. Repr-Digest carries the SHA-256 the archive recorded for them. 404 for a capture "
    "imported from a file, which has none.",
    openapi_extra={"responses": {200: {"description": "The WARC records", "content": WARC}}},
)
def capture_warc(request, id: Id):
    capture = get_object_or_404(Capture.objects.defer(None).exclude(exchange=b""), pk=id)
    response = HttpResponse(bytes(capture.exchange), content_type="application/warc")
    response["Content-Disposition"] = f'attachment; filename="capture-{capture.pk}-{capture.sha256[:12]}.warc.gz"'
    if capture.exchange_sha256:
        response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(capture.exchange_sha256)).decode()}:"
    return response


def _ext(capture: Capture) -> str:
    return "txt" if capture.format == Capture.Format.TEXT else "html"

"""/api/captures/{id}/raw: a capture's bytes exactly as archived, for checking and reuse."""

import base64

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from archive.models import Capture

from .common import Id, responses

router = Router(tags=["captures"])

BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


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


def _ext(capture: Capture) -> str:
    return "txt" if capture.format == Capture.Format.TEXT else "html"

"""Photo errors: each names the file and, where it applies, the limit it broke."""

from __future__ import annotations

from meldpunt.core.errors import InvalidInput


class PhotoRejected(InvalidInput):
    """A photo was refused; subclasses say why."""

    code = "photo_rejected"
    title = "Photo refused"


class NotAnImage(PhotoRejected):
    """The bytes are not a JPEG, PNG, WebP or HEIC/HEIF image, or the image is unreadable."""

    code = "photo_not_an_image"
    title = "Not a supported image"


class PhotoTooLarge(PhotoRejected):
    """The file is larger than the byte limit."""

    code = "photo_too_large"
    title = "Photo file too large"


class PhotoTooManyPixels(PhotoRejected):
    """The image declares more pixels than allowed (decompression-bomb guard)."""

    code = "photo_too_many_pixels"
    title = "Photo has too many pixels"

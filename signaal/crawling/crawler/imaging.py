"""Hash an image in memory (SHA-256 and a 64-bit perceptual hash); its bytes are never kept."""

import hashlib
import io


def digest(data: bytes) -> dict:
    """{"sha256", "phash", "size", "width", "height"}; phash is None when the bytes are no image."""
    import imagehash
    from PIL import Image, UnidentifiedImageError

    out = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "phash": None}
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            out["width"], out["height"] = img.size
            out["phash"] = str(imagehash.phash(img))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        pass
    return out

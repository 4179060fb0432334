"""Image files built byte by byte, so a test can claim any size or format cheaply."""

import io
import struct
import zlib

from PIL import Image


def png(width: int = 4, height: int = 4) -> bytes:
    """A real, small PNG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk with its length and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG whose header declares `width` × `height` pixels, with almost no data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b""))
        + _chunk(b"IEND", b"")
    )


def crafted_dds() -> bytes:
    """A DDS header Pillow recognises, with a pixel format it cannot decode and a bogus payload."""
    header = struct.pack("<4s7I44s", b"DDS ", 124, 0x1007, 4, 4, 0, 0, 0, b"\0" * 44)
    pixel_format = struct.pack("<2I4s5I", 32, 0x4, b"ZZZZ", 0, 0, 0, 0, 0)
    caps = struct.pack("<4I4s", 0x1000, 0, 0, 0, b"\0" * 4)
    return header + pixel_format + caps + b"\xff" * 64

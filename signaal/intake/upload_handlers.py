"""An upload handler that keeps reporters' files in memory only, and caps their size.

Django's default handlers spill large uploads to a temporary file: plaintext on
disk. This handler keeps every file in memory up to `uploads.MAX_FILE_BYTES`;
bytes beyond the cap (per file, per request and beyond `uploads.MAX_FILES`
files) are read and thrown away, and the file comes back as a marked, empty
`RefusedUpload` so the form can say what went wrong instead of dropping it.
"""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

from signaal.intake import uploads

TOO_LARGE = "too_large"
TOO_MANY = "too_many"


class RefusedUpload(InMemoryUploadedFile):
    """A file that was not kept; `refused` says why, `size` is what was sent."""

    def __init__(self, *, reason: str, **kwargs):
        super().__init__(file=io.BytesIO(b""), **kwargs)
        self.refused = reason


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps each file in memory, never on disk; refuses files over the cap."""

    def __init__(self, request=None, *, max_file_bytes=None, max_files=None):
        super().__init__(request)
        self.max_file_bytes = max_file_bytes or uploads.MAX_FILE_BYTES
        self.max_files = max_files or uploads.MAX_FILES
        self.files_seen = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files_seen += 1
        self.buffer = io.BytesIO()
        self.received = 0
        self.refused = TOO_MANY if self.files_seen > self.max_files else None
        # Ours alone: the default handlers after this one would write to disk.
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.refused is None and self.received > self.max_file_bytes:
            self.refused = TOO_LARGE
            self.buffer = io.BytesIO()  # let go of what was kept
        if self.refused is None:
            self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        common = {
            "field_name": self.field_name,
            "name": self.file_name,
            "content_type": self.content_type,
            "size": file_size,
            "charset": self.charset,
            "content_type_extra": self.content_type_extra,
        }
        if self.refused is not None:
            self.buffer = None
            return RefusedUpload(reason=self.refused, **common)
        self.buffer.seek(0)
        return InMemoryUploadedFile(file=self.buffer, **common)

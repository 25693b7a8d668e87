import uuid

from django.db import models


class DataKey(models.Model):
    """A key that encrypts field values; stored only wrapped by a master key."""

    created_at = models.DateTimeField(auto_now_add=True)
    master_key_id = models.CharField(max_length=16)
    wrapped = models.BinaryField()
    is_current = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"data key {self.pk}"

    def context(self) -> bytes:
        return f"datakey:{self.pk}".encode()


class Blob(models.Model):
    """An encrypted file in the blob store, addressed by the SHA-256 of its plaintext.

    Each blob has its own data key (wrapped by a master key) and uses its id as
    associated data, so ciphertext cannot be swapped between records.
    Shredding removes the wrapped key: the ciphertext left behind is unreadable.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    master_key_id = models.CharField(max_length=16, blank=True)
    wrapped_key = models.BinaryField(null=True)
    shredded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"blob {self.sha256[:12]} ({self.size} bytes)"

    def context(self) -> bytes:
        return f"blob:{self.pk}".encode()

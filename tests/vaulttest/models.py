from django.db import models

from signaal.vault.fields import EncryptedTextField


class SealedNote(models.Model):
    """A test-only model with an encrypted column."""

    text = EncryptedTextField()

    class Meta:
        app_label = "vaulttest"

    def __str__(self) -> str:
        return f"sealed note {self.pk}"

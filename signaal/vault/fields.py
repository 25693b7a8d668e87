from django.db import models

from signaal.vault import crypto


class EncryptedTextField(models.TextField):
    """A text column whose plaintext never reaches the database.

    Not searchable or orderable by content; empty strings are stored encrypted
    too, so the column does not reveal which rows have a value.
    """

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self._context = f"{cls._meta.label_lower}.{name}"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt_text(value, context=self._context)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return crypto.decrypt_text(value, context=self._context)

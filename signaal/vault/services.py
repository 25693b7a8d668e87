from dataclasses import dataclass

from django.db import transaction

from signaal.audit import services as audit
from signaal.vault import crypto, keys
from signaal.vault.models import Blob, DataKey


@dataclass(frozen=True)
class RotationResult:
    new_master_id: str
    rewrapped_data_keys: int
    rewrapped_blobs: int
    retired_master_keys: int


def _rewrap_all(current_id: str) -> tuple[int, int]:
    """Re-wrap every data key and blob key not yet under the current master key.

    Each row changes in its own short transaction, so readers never wait long:
    a row is always readable with either the old or the new master key.
    """
    data_keys = 0
    for data_key in DataKey.objects.exclude(master_key_id=current_id).iterator():
        with transaction.atomic():
            row = DataKey.objects.select_for_update().get(pk=data_key.pk)
            plain = keys.unwrap(row.master_key_id, bytes(row.wrapped), context=row.context())
            row.master_key_id, row.wrapped = keys.wrap(plain, context=row.context())
            row.save(update_fields=["master_key_id", "wrapped"])
            data_keys += 1
    blobs = 0
    pending = Blob.objects.exclude(master_key_id=current_id).filter(wrapped_key__isnull=False)
    for blob in pending.iterator():
        with transaction.atomic():
            row = Blob.objects.select_for_update().get(pk=blob.pk)
            plain = keys.unwrap(row.master_key_id, bytes(row.wrapped_key), context=row.context())
            row.master_key_id, row.wrapped_key = keys.wrap(plain, context=row.context())
            row.save(update_fields=["master_key_id", "wrapped_key"])
            blobs += 1
    return data_keys, blobs


def keys_rotate(*, retire_old: bool = False, actor=None) -> RotationResult:
    """Make a new master key current and re-wrap all data keys under it.

    With SIGNAAL_MASTER_KEY the operator puts the new key first in the variable;
    this then re-wraps everything under that key. With the key file a new key is
    generated. `retire_old` removes master keys that no longer wrap anything.
    """
    if keys.keys_from_env():
        keys.keyring.cache_clear()
        new_id = keys.current().id
    else:
        new_id = keys.add_master_key_to_file().id
    data_keys, blobs = _rewrap_all(new_id)
    # A fresh data key for new values too; old ones keep decrypting old values.
    with transaction.atomic():
        DataKey.objects.filter(is_current=True).update(is_current=False)
    crypto.forget_cached_keys()
    retired = 0
    if retire_old and not keys.keys_from_env():
        retired = keys.drop_master_keys_except({new_id})
    audit.record(
        actor=actor,
        action="vault.keys_rotate",
        details={
            "master_key_id": new_id,
            "data_keys": data_keys,
            "blobs": blobs,
            "retired": retired,
        },
    )
    return RotationResult(new_id, data_keys, blobs, retired)

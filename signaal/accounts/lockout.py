"""django-axes hooks: lock out by username, never record where a login came from."""


def no_client_ip(request) -> None:
    return None

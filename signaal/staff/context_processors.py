from signaal.accounts import access
from signaal.staff.navigation import items_for


def staff_navigation(request):
    user = getattr(request, "user", None)
    if not (user and request.path.startswith("/staff/") and access.is_verified(user)):
        return {}
    return {"staff_nav": items_for(user)}

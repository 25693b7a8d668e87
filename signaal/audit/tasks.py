from huey.contrib.djhuey import db_task

from signaal.audit import services


@db_task()
def audit_verify_task() -> dict:
    """Check the audit chain in a worker; the result is a plain dict."""
    result = services.verify()
    return {"ok": result.ok, "checked": result.checked, "problem": result.problem}

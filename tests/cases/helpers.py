from signaal.cases import services
from tests.intake.helpers import png_file, submit


def case_from_report(actor, *, files=None, **report_fields):
    report = submit(files=files if files is not None else [png_file()], **report_fields).report
    return services.case_open(report=report, title="Netwerk Utrecht", actor=actor)


def ready_case(investigator, coordinator):
    """A case in 'ready for handover' with one exhibit, assigned to the investigator."""
    case = case_from_report(coordinator)
    services.case_assign(case=case, investigators=[investigator], actor=coordinator)
    services.case_set_status(case=case, status="investigating", actor=investigator)
    services.case_set_status(case=case, status="ready", actor=investigator)
    return case

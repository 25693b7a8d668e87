"""Dutch labels for the audit actions that make up a case's timeline."""

LABELS = {
    "case.open": "Zaak geopend",
    "case.view": "Zaak bekeken",
    "case.status": "Status gewijzigd",
    "case.assign": "Toegewezen",
    "case.note_add": "Notitie toegevoegd",
    "case.task_add": "Taak toegevoegd",
    "case.task_status": "Taak bijgewerkt",
    "case.selector_add": "Selector toegevoegd",
    "case.handover_approve": "Overdracht goedgekeurd",
    "case.hand_over": "Overgedragen aan de politie",
    "evidence.acquired": "Bewijsstuk verkregen",
    "evidence.viewed": "Bewijsstuk bekeken",
    "evidence.exported": "Bewijsstuk geëxporteerd",
    "evidence.handed_over": "Bewijsstuk overgedragen",
    "dossier.export": "Dossier geëxporteerd",
    "dossier.download": "Dossier gedownload",
}


def label(action: str) -> str:
    return LABELS.get(action, action)

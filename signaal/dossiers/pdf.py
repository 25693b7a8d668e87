"""The dossier's PDF report, rendered by WeasyPrint from a Django template."""

from django.template.loader import render_to_string


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("dossiers/report.html", context)
    # No base_url: the template embeds its CSS and loads nothing from anywhere.
    return HTML(string=html).write_pdf()

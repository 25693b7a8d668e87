from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "public/home.html")


def _page(template: str):
    """An awareness page: static text, no form, so no cookie."""

    @require_safe
    def view(request):
        return render(request, template)

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


help_page = _page("public/help.html")
loverboys = _page("public/loverboys.html")
signs = _page("public/signs.html")
grooming = _page("public/grooming.html")

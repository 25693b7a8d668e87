from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language_url(context, language: str) -> str:
    """The current page in another language: a plain link, so no cookie is needed."""
    return translate_url(context["request"].path, language)

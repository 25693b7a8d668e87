from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def timeline_label(action: str) -> str:
    from signaal.cases.timeline import label

    return label(action)

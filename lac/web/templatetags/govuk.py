"""GOV.UK form tags for pages that lay fields out by hand.

A whole form needs none of these: ``{{ form }}`` renders through
``lac.web.forms.renderer``. These are for the error summary at the top of a
page, and for a field that needs a fixed width or a bigger label.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms, template
from django.utils.safestring import SafeString

from lac.web.forms.boundfield import GovukBoundField

register = template.Library()


@register.simple_tag
def govuk_field(bound_field: GovukBoundField, width: str = "", label_size: str = "") -> SafeString:
    """A form group: label (or legend), hint, error message and the control."""
    return bound_field.render(context=bound_field.get_context(width, label_size))


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_to_check: forms.BaseForm | None) -> dict[str, Any]:
    """Links to every field in error; errors about the whole form link to its first field."""
    errors = []
    for form in forms_to_check:
        if form is None or not form.is_bound or not form.errors:
            continue
        # The site's form renderer makes every bound field a GovukBoundField.
        fields = [cast(GovukBoundField, bound_field) for bound_field in form]
        first_field = next((f for f in fields if not f.is_hidden), None)
        for message in form.non_field_errors():
            href = f"#{first_field.anchor}" if first_field else ""
            errors.append({"href": href, "message": message})
        for bound_field in fields:
            for message in bound_field.errors:
                errors.append({"href": f"#{bound_field.anchor}", "message": message})
    return {"errors": errors}

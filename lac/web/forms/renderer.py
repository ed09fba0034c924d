"""The form renderer every lac form uses (``settings.FORM_RENDERER``)."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates

from lac.web.forms.boundfield import GovukBoundField


class GovukFormRenderer(DjangoTemplates):
    """``{{ form }}`` and ``{{ form.field.as_field_group }}`` as GOV.UK components.

    The form's template lays out its fields only: the error summary belongs at
    the top of the page, above the heading, so the base form page
    (``govuk/form_page.html``) puts it there.
    """

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/fields/input.html"
    bound_field_class = GovukBoundField

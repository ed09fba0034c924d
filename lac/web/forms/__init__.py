"""GOV.UK forms: every Django form in lac renders and words its errors one way.

``settings.FORM_RENDERER`` names :class:`~lac.web.forms.renderer.GovukFormRenderer`,
so a template writes ``{{ form }}`` (or ``{{ form.field.as_field_group }}``)
and gets GOV.UK Design System markup, and every field's error messages are
written from its label by :func:`~lac.web.forms.messages.field_messages`.
"""

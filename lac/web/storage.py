from whitenoise.storage import CompressedManifestStaticFilesStorage


class ModuleAwareStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files whose ES module imports follow the hashes."""

    support_js_module_import_aggregation = True
    # govuk-frontend's source maps name files that are not shipped.
    manifest_strict = False

    def url_converter(self, name, hashed_files, template=None):
        """Leave a reference to a file that does not exist as written, instead of failing.

        htmx's extensions name ``import("../htmx")`` in JSDoc comments, which
        Django's import pattern takes for a real import, so collectstatic failed.
        """
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:  # whitenoise's MissingFileError
                return matchobj["matched"]

        return converter

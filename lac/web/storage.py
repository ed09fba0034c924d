from whitenoise.storage import CompressedManifestStaticFilesStorage


class ModuleAwareStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files whose ES module imports follow the hashes."""

    support_js_module_import_aggregation = True
    # govuk-frontend's source maps name files that are not shipped.
    manifest_strict = False

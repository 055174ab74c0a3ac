"""symphys.cosmology (filled in by its module issue)."""

__all__: list[str] = []

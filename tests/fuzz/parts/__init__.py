"""Registry parts: one module per area, merged into :mod:`tests.fuzz.registry` at import.

A part may define any of these names (all optional), with the meaning they have in the registry:
``PACKAGES`` (tuple of public packages to walk), ``OPTIONAL_PACKAGES`` (module -> framework),
``FUNCS`` (key -> call factory, or a function returning that dict), ``CLASSES`` (key -> ``Cls``,
or a function returning that dict), ``CLI`` (key -> ``CliEntry``), ``SKIP``, ``TIMEOUTS``,
``SLOW``, ``OSERROR_OK``, ``NONFINITE_OK``, ``NAN_PROPAGATES``. A part imports its helpers
(``Call``, ``Cls``, ``CliEntry``, ``call``, ``_unique``, ...) from :mod:`tests.fuzz.registry`;
keys must not collide with another part's (checked at merge).
"""

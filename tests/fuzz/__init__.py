"""A fuzzer of the public API and the command line (issue 19).

``registry`` holds one valid example call per public callable; ``values`` the bad values;
``worker`` runs each call in a separate, memory- and time-limited process; ``test_fuzz`` walks
the registry with hypothesis and fails on any finding.
"""

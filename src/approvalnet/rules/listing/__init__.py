"""Rules of the `listing` group."""

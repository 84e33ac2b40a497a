"""Rules of the `law` group."""

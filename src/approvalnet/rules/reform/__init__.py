"""Rules of the `reform` group."""

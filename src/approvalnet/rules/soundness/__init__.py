"""Rules of the `soundness` group."""

"""Rules of the `centre` group: checked on centre files (``SCOPE = "centre"``), whose ``check`` gets
the loaded centre (``approvalnet.language.centre_loader.CentreModel``) instead of a process context."""

"""The version of approvalnet, in a module of its own so that any layer can name it without importing the
package's public API (which imports the language and the nets)."""

__version__ = "0.1.0"

"""The interface language: Chinese (``zh``) or English (``en``), and the translation of messages.

Every text approvalnet writes for people goes through ``_`` (or ``ngettext`` when it counts
something), so that ``pybabel extract`` finds it and the catalogue translates it::

    from approvalnet.i18n import _
    raise SomeError(_("step {step!r} has no outcome").format(step=step.id))

The message is the English text with named ``{placeholders}``: never an f-string inside ``_``
(the catalogue could not know it), and never a sentence pieced together from parts (Chinese
orders them differently). Texts defined at import time (rule titles, tables of hints) are marked
with ``N_`` and translated where they are shown, because the language is chosen after import.

The catalogue is ``locale/zh_CN/LC_MESSAGES/approvalnet.po``, kept in the repository and
compiled to ``.mo`` when the package is built or installed (``setup.py``). The language comes
from ``set_language`` (the command line's ``--lang``), else from the environment as gettext
reads it (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh_CN.UTF-8`` → Chinese), else
English. JSON keys, rule ids and SARIF structure never change with the language; only texts do.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

LANGUAGES = ("en", "zh")
DOMAIN = "approvalnet"
LOCALE_DIR = Path(__file__).parent / "locale"
# the catalogue's folder for each interface language (English needs none: it is the source)
_CATALOGUES = {"zh": "zh_CN"}

_language: str | None = None
_translation: _gettext.NullTranslations | None = None
_asked = False  # set_language was given a language (see asked_for)
# The language of one request of the web server (``in_language``), which answers requests in both
# languages at once from its threads: it wins over the process's language where it is set. The
# command line never sets it, so its cost there is one lookup that finds nothing.
_override: ContextVar[str | None] = ContextVar("approvalnet_language", default=None)
_by_language: dict[str, _gettext.NullTranslations] = {}


def language_from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The interface language the environment asks for, read in gettext's order.

    ``LANGUAGE`` may list several (``zh_CN:en``): the first one approvalnet has wins. ``C`` and
    ``POSIX`` mean English, as does anything unset or unknown.
    """
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = normalise(item)
            if code:
                return code
        # gettext stops at the first variable that is set, even if it names no language we have
        return "en"
    return "en"


def normalise(value: str) -> str | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh``; ``en_US`` → ``en``; anything else → None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en") or code in ("c", "posix"):
        return "en"
    return None


def set_language(code: str | None) -> str:
    """Use ``code`` (``zh``, ``en``, or a locale name such as ``zh_CN.UTF-8``) from now on.

    ``None`` goes back to the environment's choice. Returns the language now in use. Unknown
    codes raise ``ValueError``: a misspelt ``--lang`` should not silently give English.
    """
    global _language, _translation, _asked
    _asked = code is not None
    if code is None:
        chosen = language_from_env()
    else:
        found = normalise(code)
        if found is None:
            raise ValueError(f"unknown interface language {code!r}: use one of {', '.join(LANGUAGES)}")
        chosen = found
    _language, _translation = chosen, None
    return chosen


def asked_for() -> bool:
    """Whether the language in use was named (``--lang``, ``set_language("zh")``) rather than taken
    from the environment: documents whose language is Chinese by nature (an implementation list)
    switch to English only when asked."""
    return _asked


@contextmanager
def in_language(code: str | None) -> Iterator[str]:
    """Within this block (and the threads and tasks started from it with its context), messages are in
    ``code`` (``zh``, ``en``, ``zh-CN`` …; None or unknown: the language already in use), whatever other
    blocks in other threads chose. Yields the language in use."""
    found = (normalise(code) if code else None) or _override.get()
    token = _override.set(found)
    try:
        yield get_language()
    finally:
        _override.reset(token)


def get_language() -> str:
    """The language in use: ``zh`` or ``en``."""
    global _language
    override = _override.get()
    if override is not None:
        return override
    if _language is None:
        _language = language_from_env()
    return _language


def translations() -> _gettext.NullTranslations:
    """The catalogue of the language in use (English: messages are returned as written)."""
    global _translation
    override = _override.get()
    if override is not None:
        found = _by_language.get(override)
        if found is None:
            found = _by_language[override] = _load(override)
        return found
    if _translation is None:
        _translation = _load(get_language())
    return _translation


def _load(code: str) -> _gettext.NullTranslations:
    folder = _CATALOGUES.get(code)
    if folder is None:
        return _gettext.NullTranslations()
    messages = LOCALE_DIR / folder / "LC_MESSAGES"
    compiled, source = messages / f"{DOMAIN}.mo", messages / f"{DOMAIN}.po"
    # A checkout whose catalogue was edited after the last install (or never installed) reads
    # the .po itself, so that a developer never sees stale texts; an installed package has the
    # .mo that setup.py compiled and reads only that.
    if source.exists() and (not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime):
        return _from_po(source)
    if compiled.exists():
        with compiled.open("rb") as stream:
            return _gettext.GNUTranslations(stream)
    return _gettext.NullTranslations()


def _from_po(source: Path) -> _gettext.NullTranslations:
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # Babel is a build and development dependency; without it, English
        return _gettext.NullTranslations()
    import io

    with source.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


_untranslated = 0


@contextmanager
def untranslated() -> Iterator[None]:
    """Within this block ``_`` returns messages as written (English).

    The command line imports each command module inside it, so that the module's click help
    texts keep their English source and can be translated each time they are shown, in the
    language of that run (one process may run commands in both, as the tests do).
    """
    global _untranslated
    _untranslated += 1
    try:
        yield
    finally:
        _untranslated -= 1


def _(message: str) -> str:
    """``message`` in the interface language."""
    return message if _untranslated else translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n``, in the interface language."""
    if _untranslated:
        return singular if n == 1 else plural
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the interface language, where the same English word needs two translations."""
    return message if _untranslated else translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (texts defined at import)."""
    return message


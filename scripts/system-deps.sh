#!/usr/bin/env bash
# System packages approvalnet uses beyond Python: the Python venv module, Graphviz's `dot` (diagrams),
# a CJK font (Chinese labels in diagrams and guides), the Pango library WeasyPrint lays out PDF guides
# with, poppler's pdfinfo/pdftotext/pdftoppm, with which the tests read the PDF guides back, and Chromium, in which
# tests/browser drive the workbench (`approvalnet serve`; they are skipped without it). Installs what is missing with apt-get when run as root
# on Debian or Ubuntu; otherwise says what to install. Only a missing Python venv is fatal here:
# the commands that need Graphviz say so themselves when it is absent.
set -u

missing=()
python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
{ command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so'; } || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; }; then
  missing+=(fonts-noto-cjk fontconfig)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "warning: apt-get could not install ${missing[*]}" >&2
else
  echo "Please install these system packages: ${missing[*]}" >&2
  echo "  Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
  echo "  Fedora: sudo dnf install python3 graphviz google-noto-sans-cjk-fonts pango poppler-utils" >&2
  echo "  macOS: brew install graphviz font-noto-sans-cjk pango poppler" >&2
fi
case " ${missing[*]} " in
  *" python3-venv "*) echo "error: Python's venv module is required" >&2; exit 1 ;;
esac
exit 0

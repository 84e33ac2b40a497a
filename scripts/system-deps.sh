#!/usr/bin/env bash
# System packages approvalnet uses beyond Python: the Python venv module, Graphviz's `dot` (diagrams)
# and a CJK font (Chinese labels in diagrams). Installs what is missing with apt-get when run as root
# on Debian or Ubuntu; otherwise says what to install. Only a missing Python venv is fatal here:
# the commands that need Graphviz say so themselves when it is absent.
set -u

missing=()
python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
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
  echo "  Fedora: sudo dnf install python3 graphviz google-noto-sans-cjk-fonts" >&2
  echo "  macOS: brew install graphviz font-noto-sans-cjk" >&2
fi
case " ${missing[*]} " in
  *" python3-venv "*) echo "error: Python's venv module is required" >&2; exit 1 ;;
esac
exit 0

#!/usr/bin/env bash
# The Debian packages the tests and the PDF rendering need, installed when missing (as root; CI runs as root
# on a fresh Debian machine): Debian's Chromium for the browser tests (Playwright never downloads a browser of
# its own here), LibreOffice for DOCX -> PDF, poppler-utils for PDF -> PNG checks, Noto CJK for 宋体/黑体, and
# the Fandol 仿宋 and 楷体 faces for the PDF.
set -euo pipefail

FANDOL_DIR=/usr/local/share/fonts/fandol
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/pdftoppm ] || packages+=(poppler-utils)
[ -x /usr/bin/soffice ] || packages+=(libreoffice-writer-nogui)
[ -d /usr/share/fonts/opentype/noto ] || packages+=(fonts-noto-cjk)
need_fandol=0
[ -f "$FANDOL_DIR/FandolFang-Regular.otf" ] && [ -f "$FANDOL_DIR/FandolKai-Regular.otf" ] || need_fandol=1

if [ ${#packages[@]} = 0 ] && [ $need_fandol = 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${packages[*]:-}$([ $need_fandol = 1 ] && echo ' Fandol fonts')." >&2
  echo "Run 'sudo bash scripts/ensure-system-packages.sh' (browser and PDF tests are skipped until then)." >&2
  exit 0
fi
apt-get update -qq
if [ ${#packages[@]} != 0 ]; then
  echo "Installing Debian packages: ${packages[*]}..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
if [ $need_fandol = 1 ]; then
  # texlive-lang-chinese would pull in 250 MB of TeX for two fonts: take only FandolFang and FandolKai
  # (GPL-compatible Fandol licence) out of the package file.
  echo "Installing the Fandol 仿宋 and 楷体 fonts from texlive-lang-chinese..."
  work=$(mktemp -d)
  (cd "$work" && apt-get download -qq texlive-lang-chinese 2>/dev/null)
  dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb \
    | tar -x -C "$work" --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FK]*'
  mkdir -p "$FANDOL_DIR"
  cp "$work"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol{Fang,Kai}-Regular.otf "$FANDOL_DIR"/
  rm -rf "$work"
  fc-cache -f "$FANDOL_DIR" >/dev/null
fi

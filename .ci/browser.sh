#!/usr/bin/env bash
# The browser suite: .ci/browser_test.py drives headless Chromium (Debian's chromium and
# chromium-driver, installed here when absent) through Selenium (from PyPI) against `shopdesk demo`.
# Screenshots of the inbox, a conversation and the dashboard (also the inbox and the dashboard in Thai and
# Vietnamese) go to $CI_ARTIFACTS_DIR.
#
# Usage: bash .ci/browser.sh PATH/TO/shopdesk
set -euo pipefail

shopdesk_bin="$1"
cd "$(dirname "$0")/.."
artifacts="${CI_ARTIFACTS_DIR:-$PWD/.ci-artifacts/browser}"
mkdir -p "$artifacts"
SELENIUM_PIN="selenium==4.51.0"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "[browser] installing chromium and chromium-driver from Debian"
  if [ -z "${SHOPDESK_CI_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# Thai and Chinese need fonts of their own, or the translated screenshots show boxes.
if ! dpkg -s fonts-noto-cjk fonts-thai-tlwg >/dev/null 2>&1; then
  echo "[browser] installing fonts-noto-cjk and fonts-thai-tlwg from Debian"
  if [ -z "${SHOPDESK_CI_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fonts-thai-tlwg >/dev/null
fi
if [ "$(python3 -c 'import selenium; print(selenium.__version__)' 2>/dev/null || true)" != "${SELENIUM_PIN#selenium==}" ]; then
  echo "[browser] installing $SELENIUM_PIN"
  python3 -m pip install --quiet --disable-pip-version-check "$SELENIUM_PIN"
fi
echo "[browser] $(chromium --version 2>/dev/null | head -1); selenium $(python3 -c 'import selenium; print(selenium.__version__)')"
python3 .ci/browser_test.py "$shopdesk_bin" "$artifacts"

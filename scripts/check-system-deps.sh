#!/bin/sh
# PyICU (pulled in by followthemoney -> normality) has no wheels on PyPI and compiles against the
# system's ICU. Check for its build requirements; install them on Debian/Ubuntu when we are root,
# otherwise stop with the exact command to run.
set -eu
missing=""
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists icu-uc icu-i18n 2>/dev/null || missing="$missing libicu-dev"
else
    missing="$missing libicu-dev"
fi
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || missing="$missing g++"
[ -z "$missing" ] && exit 0

echo "sanctionwatch setup: missing system packages for building PyICU:$missing" >&2
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing them with apt-get ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$missing
    exit 0
fi
echo "Install them and run make again, e.g. on Debian/Ubuntu:" >&2
echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
echo "(Fedora: sudo dnf install libicu-devel pkgconf-pkg-config gcc-c++; macOS: brew install icu4c pkg-config)" >&2
exit 1

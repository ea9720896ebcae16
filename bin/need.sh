# Sourced by bin/anbefal and bin/test: anbefal_need COMMAND DEBIAN_PACKAGE WHY
# installs the Debian package when the command is missing (as root, with apt-get), or says what to install.
anbefal_need() {
    local command=$1 package=$2 why=$3
    if command -v "$command" >/dev/null 2>&1 || [ -x "/usr/bin/$command" ]; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's $package ($why)..." >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq "$package" >/dev/null
    else
        echo "Anbefal needs $command ($why). Install it (Debian: sudo apt-get install $package) and try again." >&2
        exit 1
    fi
}

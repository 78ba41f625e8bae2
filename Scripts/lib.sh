# Shared by Scripts/*: make sure the system packages the build and the tests need are present.
# As root on Debian it installs them; otherwise it says exactly what to install.
ensure_system_packages() {
    local missing=()
    [ -e /usr/include/ncursesw/curses.h ] || missing+=(libncursesw5-dev)
    [ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing: ${missing[*]}" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
            { echo "apt-get install ${missing[*]} failed" >&2; return 1; }
    else
        echo "missing system packages: ${missing[*]}" >&2
        echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
        return 1
    fi
}

ensure_swift() {
    command -v swift >/dev/null 2>&1 && return 0
    echo "swift is not on PATH: install Swift 6.1 or newer (https://www.swift.org/install/)" >&2
    return 1
}

# Sourced by bin/anbefal and bin/test: exports JAVA_HOME pointing at a JDK 21 or newer.
# Looks at JAVA_HOME first, then the usual install folders; the newest suitable one wins.
anbefal_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

anbefal_find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        local v; v=$(anbefal_java_major "$JAVA_HOME")
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
    fi
    local best="" best_v=0 d v
    for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -x "$d/bin/javac" ] || continue
        v=$(anbefal_java_major "$d")
        if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
    done
    if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
        d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        v=$(anbefal_java_major "$d")
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then best="$d"; fi
    fi
    [ -n "$best" ] && echo "$best"
}

JAVA_HOME=$(anbefal_find_jdk) || true
if [ -z "${JAVA_HOME:-}" ]; then
    echo "Anbefal needs a JDK 21 or newer. Install one (e.g. apt-get install openjdk-21-jdk or Temurin 21+) or set JAVA_HOME." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

#!/bin/sh
# Fails when core/ reads a clock, uses randomness or includes an I/O library: replay depends on
# the core being a pure function of its input. Run by ctest (test `core_purity`).
core=${1:?usage: check_core_purity.sh CORE_DIR}
pattern='#include[[:space:]]*[<"](zmq|rocksdb/|boost/asio|boost/beast|strophe|spdlog|random|fstream|iostream|thread|chrono|ctime|cstdio|filesystem|unistd)|system_clock|steady_clock|high_resolution_clock|[^a-z_]time[[:space:]]*\(|[^a-z_]rand[[:space:]]*\(|random_device|getenv|std::cout|printf[[:space:]]*\('
hits=$(grep -rnE "$pattern" "$core" --include='*.hpp' --include='*.cpp' --include='*.h')
if [ -n "$hits" ]; then
    echo "core/ must stay pure (no I/O, clock or randomness):" >&2
    echo "$hits" >&2
    exit 1
fi
echo "core/ is pure: no I/O include, clock read or randomness found"

#pragma once
// The next WAL spare is made by a thread of the log's own (eventlog/wal_spare.hpp): tests that
// look for it wait for it, up to 5 s.

#include <eventlog/wal_spare.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace cordgate::eventlog::testing {

inline bool spare_there(const std::string& dir) {
    return std::filesystem::is_regular_file(std::filesystem::path(dir) / kWalSpareName);
}

inline bool wait_for_spare(const std::string& dir) {
    for (int i = 0; i < 200 && !spare_there(dir); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return spare_there(dir);
}

}  // namespace cordgate::eventlog::testing

// Backups of the running log, and its size on disk.

#include <eventlog/log.hpp>
#include <eventlog/state.hpp>

#include <rocksdb/utilities/checkpoint.h>

#include <filesystem>

namespace cordgate::eventlog {

void Log::checkpoint(const std::string& dir) {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec)) {
        throw LogError("backup: " + dir + " exists already; name a new folder");
    }
    rocksdb::Checkpoint* raw = nullptr;
    check(rocksdb::Checkpoint::Create(impl_->db.get(), &raw), impl_->path, "backup");
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    // log_size_for_flush 0: the memtables are flushed first, so the copy holds every commit as
    // SST files, effect acknowledgements written without an fsync of their own included.
    check(checkpoint->CreateCheckpoint(dir, 0), impl_->path, "backup into " + dir);
}

std::uint64_t Log::disk_bytes() const {
    std::uint64_t total = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(impl_->path, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        std::error_code size_ec;
        if (it->is_regular_file(size_ec)) {
            auto size = it->file_size(size_ec);
            if (!size_ec) total += size;
        }
    }
    return total;
}

}  // namespace cordgate::eventlog

// The WAL spares: see wal_spare.hpp for why.

#include <eventlog/wal_spare.hpp>

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace cordgate::eventlog {
namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

constexpr std::size_t kChunk = 1024 * 1024;

// RocksDB names a WAL file <number>.log (a number of at least six digits).
bool is_wal(const std::string& fname) {
    std::string_view name(fname);
    name.remove_prefix(std::min(name.size(), name.rfind('/') + 1));
    if (!name.ends_with(".log") || name.size() == 4) return false;
    name.remove_suffix(4);
    return std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether `fname` is directly in `dir`. A backup (Log::checkpoint) writes WAL copies through this
// file system into another folder; those must not take the log's spare.
bool directly_in(const std::string& fname, const std::string& dir) {
    auto normal = [](const std::filesystem::path& p) {
        std::filesystem::path n = p.lexically_normal();
        return n.has_filename() ? n : n.parent_path();
    };
    return normal(std::filesystem::path(fname).parent_path()) == normal(dir);
}

bool is_regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string errno_text(const char* doing) {
    return std::string(doing) + ": " + std::strerror(errno);
}

// Writes `bytes` zeros to `tmp`, syncs them and renames the file to `spare`. Returns what failed,
// or nothing. `stop` is asked between chunks; a spare given up on is removed.
std::string make_spare(const std::string& tmp, const std::string& spare, std::uint64_t bytes,
                       const std::function<bool()>& stop) {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return errno_text("open");
    const std::vector<char> zeros(kChunk);  // not a static array: 1 MiB more in the binary
    std::string error;
    for (std::uint64_t written = 0; written < bytes;) {
        if (stop()) {
            error = "given up: the log is closing";
            break;
        }
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, bytes - written));
        ssize_t w = ::write(fd, zeros.data(), n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            error = w < 0 ? errno_text("write") : "write: nothing written";
            break;
        }
        written += static_cast<std::uint64_t>(w);
    }
    // The zeros, the size and the blocks must be on disk before a WAL is written over them:
    // that is what spares the WAL's own syncs a journal commit.
    if (error.empty() && ::fsync(fd) != 0) error = errno_text("fsync");
    if (::close(fd) != 0 && error.empty()) error = errno_text("close");
    if (error.empty() && ::rename(tmp.c_str(), spare.c_str()) != 0) error = errno_text("rename");
    if (!error.empty()) ::unlink(tmp.c_str());
    return error;
}

class WalSpareFileSystem;

// A WAL written over a spare. Once it has filled half of the spare, it asks for the next one,
// which is then ready long before RocksDB starts the next WAL.
class WalOnSpare final : public rocksdb::FSWritableFileOwnerWrapper {
  public:
    WalOnSpare(std::unique_ptr<FSWritableFile> file, std::uint64_t half, WalSpareFileSystem& fs)
        : FSWritableFileOwnerWrapper(std::move(file)), half_(half), fs_(fs) {}

    IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
        count(data.size());
        return FSWritableFileOwnerWrapper::Append(data, options, dbg);
    }
    IOStatus Append(const Slice& data, const IOOptions& options,
                    const rocksdb::DataVerificationInfo& info, IODebugContext* dbg) override {
        count(data.size());
        return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
    }

  private:
    void count(std::size_t n);
    std::uint64_t written_ = 0;
    std::uint64_t half_;
    bool asked_ = false;
    WalSpareFileSystem& fs_;
};

class WalSpareFileSystem final : public rocksdb::FileSystemWrapper {
  public:
    WalSpareFileSystem(std::shared_ptr<rocksdb::FileSystem> base, const std::string& dir,
                       std::uint64_t bytes)
        : FileSystemWrapper(std::move(base)),
          dir_(dir),
          spare_(dir + "/" + kWalSpareName),
          tmp_(spare_ + ".tmp"),
          bytes_(bytes) {
        // RocksDB creates the folder too, later; the first spare needs it now.
        if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) return;
        ::unlink(tmp_.c_str());  // left by a process that died while making one
        ready_ = is_regular_file(spare_);
        if (!ready_) make_one();
    }

    ~WalSpareFileSystem() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        if (maker_.joinable()) maker_.join();
    }

    const char* Name() const override { return "CordgateWalSpareFileSystem"; }

    IOStatus NewWritableFile(const std::string& fname, const FileOptions& options,
                             std::unique_ptr<FSWritableFile>* result,
                             IODebugContext* dbg) override {
        if (!is_wal(fname) || !directly_in(fname, dir_)) {
            return target()->NewWritableFile(fname, options, result, dbg);
        }
        if (take()) {
            IOStatus s = target()->ReuseWritableFile(fname, spare_, options, result, dbg);
            if (s.ok()) {
                *result = std::make_unique<WalOnSpare>(std::move(*result), bytes_ / 2, *this);
                return s;
            }
            spdlog::warn("event log {}: could not start the WAL {} on the spare ({})", dir_, fname,
                         s.ToString());
        }
        // None made yet, or making or taking it failed: this WAL is plain, the next may have one.
        want_next();
        return target()->NewWritableFile(fname, options, result, dbg);
    }

    // Called from RocksDB's write thread (a WAL on a spare, or a new WAL that found none):
    // only signals the maker.
    void want_next() {
        {
            std::lock_guard lock(mutex_);
            if (ready_ || wanted_ || stopping_) return;
            wanted_ = true;
            if (!maker_.joinable()) maker_ = std::thread([this] { maker_loop(); });
        }
        wake_.notify_all();
    }

  private:
    // Claims the spare for a WAL when there is one.
    bool take() {
        std::lock_guard lock(mutex_);
        return std::exchange(ready_, false);
    }

    bool stopping() {
        std::lock_guard lock(mutex_);
        return stopping_;
    }

    void make_one() {
        std::string error = make_spare(tmp_, spare_, bytes_, [this] { return stopping(); });
        if (!error.empty() && stopping()) return;  // the log is closing: nothing went wrong
        if (!error.empty()) {
            spdlog::warn(
                "event log {}: could not make a WAL spare of {} bytes ({}); the next WAL is a "
                "plain file, whose syncs also commit the file system's journal",
                dir_, bytes_, error);
            return;
        }
        std::lock_guard lock(mutex_);
        ready_ = true;
    }

    void maker_loop() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return wanted_ || stopping_; });
            if (stopping_) return;
            lock.unlock();
            make_one();
            lock.lock();
            wanted_ = false;
        }
    }

    const std::string dir_;
    const std::string spare_;
    const std::string tmp_;
    const std::uint64_t bytes_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool ready_ = false;   // the spare file is there, made and synced
    bool wanted_ = false;  // the maker is asked for one
    bool stopping_ = false;
    std::thread maker_;
};

void WalOnSpare::count(std::size_t n) {
    written_ += n;
    if (!asked_ && written_ >= half_) {
        asked_ = true;
        fs_.want_next();
    }
}

}  // namespace

std::shared_ptr<rocksdb::FileSystem> wal_spare_file_system(
    std::shared_ptr<rocksdb::FileSystem> base, const std::string& dir, std::uint64_t bytes) {
    return std::make_shared<WalSpareFileSystem>(std::move(base), dir, bytes);
}

}  // namespace cordgate::eventlog

// cordgate restore BACKUP --state-dir DIR [--force]
// Puts a backup (`cordgate backup`) in place as the log of a core that is stopped. DIR is the
// folder the core's core.data_dir names. Refuses when a running core holds DIR's lock, and when
// DIR holds anything without --force (which moves the old contents aside, never deletes them).

#include <eventlog/log.hpp>
#include <runtime/commands.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

namespace cordgate::runtime {
namespace {

namespace fs = std::filesystem;

struct RestoreArgs {
    std::string backup;
    std::string state_dir;
    bool force = false;
};

// Whether a process holds RocksDB's lock on the log in `dir` (RocksDB takes an fcntl write lock
// on dir/LOCK for as long as the database is open).
bool locked(const fs::path& dir) {
    fs::path lock = dir / "LOCK";
    int fd = ::open(lock.c_str(), O_RDWR);
    if (fd < 0) return false;
    struct flock f {};
    f.l_type = F_WRLCK;
    f.l_whence = SEEK_SET;
    bool held = ::fcntl(fd, F_SETLK, &f) != 0 && (errno == EAGAIN || errno == EACCES);
    ::close(fd);  // closing releases a lock we took
    return held;
}

// Run as root into a state directory that belongs to the service's user: the restored files
// become that user's, or the core could not open them.
void give_to_owner_of_parent(const fs::path& dir) {
    if (::geteuid() != 0) return;
    struct stat parent {};
    if (::stat(dir.parent_path().c_str(), &parent) != 0 || parent.st_uid == 0) return;
    auto chown_one = [&](const fs::path& p) {
        if (::lchown(p.c_str(), parent.st_uid, parent.st_gid) != 0) {
            throw fs::filesystem_error("cannot give to the state directory's owner", p,
                                       std::error_code(errno, std::generic_category()));
        }
    };
    chown_one(dir);
    for (const auto& entry : fs::recursive_directory_iterator(dir)) chown_one(entry.path());
}

int run_restore(const RestoreArgs& args) {
    const fs::path backup = fs::absolute(args.backup).lexically_normal();
    fs::path target = fs::absolute(args.state_dir).lexically_normal();
    if (!target.has_filename()) target = target.parent_path();
    if (!fs::exists(backup / "CURRENT")) {
        std::cerr << "restore: " << backup.string() << " is not a backup of a cordgate log\n";
        return 1;
    }
    const bool exists = fs::exists(target);
    if (exists) {
        if (locked(target)) {
            std::cerr << "restore: " << target.string()
                      << " is in use by a running cordgate-core; stop it first\n";
            return 1;
        }
        if (!fs::is_empty(target) && !args.force) {
            std::cerr << "restore: " << target.string()
                      << " is not empty; --force moves what it holds aside and restores\n";
            return 1;
        }
    }
    if (!fs::is_directory(target.parent_path())) {
        std::cerr << "restore: no folder " << target.parent_path().string() << "\n";
        return 1;
    }
    // Copied beside the target first, and opened there: a damaged backup leaves the target as
    // it was.
    fs::path incoming = target;
    incoming += ".restoring";
    fs::remove_all(incoming);
    fs::copy(backup, incoming, fs::copy_options::recursive);
    std::uint64_t position = 0;
    {
        auto log = eventlog::Log::open(eventlog::Options{incoming.string(), eventlog::Sync::never});
        position = log->last_position();
    }
    if (exists) {
        if (fs::is_empty(target)) {
            fs::remove(target);
        } else {
            fs::path aside = target;
            aside += ".replaced-" +
                     std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
            fs::rename(target, aside);
            std::cout << "restore: the log that was in " << target.string() << " is now in "
                      << aside.string() << "\n";
        }
    }
    fs::rename(incoming, target);
    give_to_owner_of_parent(target);
    std::cout << "restore: the log up to position " << position << " is in " << target.string()
              << "; start cordgate-core on it\n";
    return 0;
}

}  // namespace

void add_restore_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<RestoreArgs>();
    CLI::App* cmd = app.add_subcommand(
        "restore",
        "put a backup in place as the log of a stopped core (--state-dir: the folder core.data_dir "
        "names, e.g. /var/lib/cordgate/log)");
    cmd->add_option("backup", args->backup, "a folder made by `cordgate backup`")->required();
    cmd->add_option("--state-dir,--data-dir", args->state_dir,
                    "the core's log folder (core.data_dir)")
        ->required();
    cmd->add_flag("--force", args->force,
                  "restore even if the folder holds a log (it is moved aside, not deleted)");
    cmd->callback([args, &exit_code] {
        try {
            exit_code = run_restore(*args);
        } catch (const std::exception& e) {
            std::cerr << "restore: " << e.what() << "\n";
            exit_code = 2;
        }
    });
}

}  // namespace cordgate::runtime

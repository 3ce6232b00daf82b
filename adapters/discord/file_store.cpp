#include <adapters/discord/file_store.hpp>
#include <common/store_url.hpp>

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

namespace cordgate::adapters::discord {
namespace fs = std::filesystem;
namespace {

std::int64_t unix_seconds(fs::file_time_type t) {
    const auto sys = std::chrono::file_clock::to_sys(t);
    return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

constexpr std::int64_t kPartLifetime_s = 24 * 3600;

}  // namespace

LocalFileStore::LocalFileStore(fs::path dir, StoreLimits limits)
    : dir_(std::move(dir)), limits_(limits) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !fs::is_directory(dir_))
        throw std::runtime_error("[files] store_dir " + dir_.string() +
                                 " is not a directory cordgate can create: " + ec.message());
}

std::vector<StoredFile> LocalFileStore::list() const {
    std::vector<StoredFile> files;
    std::error_code ec;
    for (const auto& token : fs::directory_iterator(dir_, ec)) {
        if (!token.is_directory(ec)) continue;
        std::error_code inner;
        for (const auto& file : fs::directory_iterator(token.path(), inner)) {
            const std::string name =
                token.path().filename().string() + "/" + file.path().filename().string();
            if (!common::valid_store_name(name) || !file.is_regular_file(inner)) continue;
            files.push_back(
                {name, file.file_size(inner), unix_seconds(file.last_write_time(inner))});
        }
    }
    return files;
}

fs::path LocalFileStore::part_path(const std::string& name) const {
    const fs::path final_path = dir_ / name;
    return final_path.parent_path() / ("." + final_path.filename().string() + ".part");
}

void LocalFileStore::remove(const std::string& name) {
    std::error_code ec;
    const fs::path path = dir_ / name;
    fs::remove(path, ec);
    fs::remove(path.parent_path(), ec);  // only if empty: fails otherwise, as it should
}

std::variant<fs::path, std::string> LocalFileStore::prepare(const std::string& name,
                                                            std::uint64_t bytes,
                                                            std::int64_t now_s) {
    if (!common::valid_store_name(name)) return std::string("not a name of cordgate's file store");
    std::uint64_t promised = bytes;
    for (const auto& [other, n] : writing_) promised += n;
    auto plan = plan_eviction(list(), limits_, promised, now_s);
    if (!plan.fits)
        return "the file store's quota of " + std::to_string(limits_.quota_bytes) +
               " bytes cannot hold it with the files being written";
    for (const auto& old : plan.remove) remove(old);
    if (!plan.remove.empty())
        spdlog::info("file store: {} old files deleted to make room", plan.remove.size());
    std::error_code ec;
    fs::create_directories((dir_ / name).parent_path(), ec);
    if (ec) return "the file store cannot create a directory: " + ec.message();
    writing_[name] = bytes;
    return part_path(name);
}

bool LocalFileStore::commit(const std::string& name) {
    writing_.erase(name);
    std::error_code ec;
    fs::rename(part_path(name), dir_ / name, ec);
    if (ec) {
        spdlog::warn("file store: cannot complete {}: {}", name, ec.message());
        discard(name);
        return false;
    }
    return true;
}

void LocalFileStore::discard(const std::string& name) {
    writing_.erase(name);
    std::error_code ec;
    fs::remove(part_path(name), ec);
    fs::remove((dir_ / name).parent_path(), ec);
}

std::size_t LocalFileStore::sweep(std::int64_t now_s) {
    auto plan = plan_eviction(list(), limits_, 0, now_s);
    for (const auto& old : plan.remove) remove(old);
    // Part files nobody is writing: what a crash left.
    std::error_code ec;
    for (const auto& token : fs::directory_iterator(dir_, ec)) {
        if (!token.is_directory(ec)) continue;
        std::error_code inner;
        for (const auto& file : fs::directory_iterator(token.path(), inner)) {
            const std::string leaf = file.path().filename().string();
            if (!leaf.starts_with(".") || !leaf.ends_with(".part")) continue;
            const std::string name =
                token.path().filename().string() + "/" + leaf.substr(1, leaf.size() - 1 - 5);
            if (writing_.count(name)) continue;
            if (now_s - unix_seconds(file.last_write_time(inner)) > kPartLifetime_s)
                fs::remove(file.path(), inner);
        }
    }
    return plan.remove.size();
}

std::uint64_t LocalFileStore::bytes_stored() const {
    std::uint64_t total = 0;
    for (const auto& f : list()) total += f.bytes;
    return total;
}

}  // namespace cordgate::adapters::discord

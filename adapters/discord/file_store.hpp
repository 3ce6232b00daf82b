#pragma once
// cordgate's own file store ([files] store_dir): Discord's files copied to a directory that a
// web server, or `cordgate serve-files`, serves under [files] store_base_url. The alternative
// to the users' XEP-0363 service for an operator who prefers it. One per process, shared by
// every user's session: the quota is the whole directory's.
//
// A file is written as a hidden ".NAME.part" beside its final name and renamed when complete,
// so the server never serves half a file and a crash leaves only a part file, swept later.
// Room is made before the first byte: expired files go, then the oldest, until the incoming
// file and those still being written fit (store_policy.hpp).

#include <adapters/discord/store_policy.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <variant>

namespace cordgate::adapters::discord {

class LocalFileStore {
  public:
    // Creates the directory if needed; throws std::runtime_error if it cannot.
    LocalFileStore(std::filesystem::path dir, StoreLimits limits);

    // Where to write `bytes` for `name` (valid_store_name), with room made; or why not.
    std::variant<std::filesystem::path, std::string> prepare(const std::string& name,
                                                             std::uint64_t bytes,
                                                             std::int64_t now_s);
    // The part file becomes the file (true), or is deleted (false).
    bool commit(const std::string& name);
    void discard(const std::string& name);
    // Deletes expired files and part files older than a day (a crash's leftovers).
    std::size_t sweep(std::int64_t now_s);

    std::uint64_t bytes_stored() const;
    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::vector<StoredFile> list() const;
    std::filesystem::path part_path(const std::string& name) const;
    void remove(const std::string& name);

    std::filesystem::path dir_;
    StoreLimits limits_;
    std::map<std::string, std::uint64_t> writing_;  // name -> bytes promised
};

}  // namespace cordgate::adapters::discord

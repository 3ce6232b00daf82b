#pragma once
// The core's archive store (core/archive/store.hpp): the log's archive family as of the newest
// snapshot, with the changes made since held here and written with the next snapshot. So at
// start-up the archive and the state stand at the same position, and folding the events after
// the snapshot again makes the same reads and the same effects as the first time.

#include <core/archive/store.hpp>
#include <eventlog/log.hpp>

#include <map>
#include <optional>
#include <string>

namespace cordgate::runtime {

class LogArchive final : public core::archive::Store {
  public:
    explicit LogArchive(const eventlog::Log& log) : log_(log) {}

    std::optional<std::string> get(std::string_view key) const override;
    void put(std::string_view key, std::string_view value) override;
    void erase(std::string_view key) override;
    void scan(std::string_view from, std::string_view to, bool descending,
              const Visit& fn) const override;

    // Adds the changes since the last snapshot to the batch that writes the next one.
    void write_into(eventlog::Batch& batch);
    std::size_t changes() const { return changes_.size(); }

  private:
    const eventlog::Log& log_;
    // nullopt: erased since the snapshot.
    std::map<std::string, std::optional<std::string>, std::less<>> changes_;
};

}  // namespace cordgate::runtime

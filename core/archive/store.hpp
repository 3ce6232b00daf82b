#pragma once
// The seam between the room archive and where it is kept: an ordered map of bytes. The core
// reads and writes it while it folds events, so what a query finds is a function of the log
// alone. The core process keeps it in the event log's database, written in the same commit as
// the events that made it (eventlog/); replay, tests and benchmarks keep it in memory.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cordgate::core::archive {

class Store {
  public:
    virtual ~Store() = default;
    virtual std::optional<std::string> get(std::string_view key) const = 0;
    virtual void put(std::string_view key, std::string_view value) = 0;
    virtual void erase(std::string_view key) = 0;
    // The entries with from <= key < to, ascending or descending; fn returns false to stop.
    using Visit = std::function<bool(std::string_view key, std::string_view value)>;
    virtual void scan(std::string_view from, std::string_view to, bool descending,
                      const Visit& fn) const = 0;
};

// A Store in memory: replay, tests and benchmarks.
class MemoryStore final : public Store {
  public:
    std::optional<std::string> get(std::string_view key) const override;
    void put(std::string_view key, std::string_view value) override;
    void erase(std::string_view key) override;
    void scan(std::string_view from, std::string_view to, bool descending,
              const Visit& fn) const override;

    std::size_t size() const { return entries_.size(); }
    const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }

  private:
    std::map<std::string, std::string, std::less<>> entries_;
};

}  // namespace cordgate::core::archive

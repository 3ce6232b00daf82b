#pragma once
// Internal: the value stored for one group commit's events in the events column family, and for
// one run of a target's effects in the effects family (see effects.hpp).
//
// One RocksDB record per commit instead of one per event: the per-key costs (memtable skip-list
// insert, per-entry WAL and block overhead) are paid once per commit, and the events of a
// commit compress together, so the WAL and the flush write a fraction of the bytes.
//
//   key    be64(position of the first event)
//   value  byte 0      format: kRaw or kLz4
//          bytes 1-4   number of events, be32 (at least 1)
//          kRaw:  the body
//          kLz4:  bytes 5-8 size of the body, be32, then the body as one LZ4 block
//   body   per event: its length as a LEB128 varint, then its bytes
//
// The segment holds positions key .. key + count - 1; the next segment starts right after.
// For a run of effects, read "id" for "position" and "effect" for "event"; the key given to the
// Reader is the last 8 bytes of the effect key, and runs need not follow each other.

#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::eventlog::segment {

inline constexpr unsigned char kRaw = 1;
inline constexpr unsigned char kLz4 = 2;

// Collects one commit's events and encodes them. Its buffers keep their capacity across
// clear(), so that a log reusing one builder does not fault in megabytes of fresh pages for
// every commit.
class Builder {
  public:
    void add(std::string_view event);
    std::uint32_t count() const { return count_; }
    // The value to store. LZ4 is used when it saves at least an eighth; incompressible events
    // are stored as they are, so that reading them costs no decompression either.
    // Valid until the next add() or clear().
    std::string_view encode(bool compress);
    void clear();

  private:
    // The body starts after room for the largest header, so that a raw segment is encoded by
    // writing its header in front of the body rather than by copying the body.
    std::string buf_;
    std::string packed_;
    std::uint32_t count_ = 0;
};

// One segment, decoded and checked in full on construction: a damaged value is reported (as a
// LogError naming the database, `what` and the segment's first position) before any of its
// events are handed out. The events point into `value` or into `scratch`, which must outlive the
// reader.
class Reader {
  public:
    Reader(std::string_view key, std::string_view value, std::string& scratch,
           std::string_view path, std::string_view what = "event segment at position");

    std::uint64_t first() const { return first_; }
    std::uint64_t last() const { return first_ + count_ - 1; }
    // The events at positions from..to, in order, until fn returns false. Returns false if fn
    // did.
    template <typename Fn>
    bool for_each(std::uint64_t from, std::uint64_t to, Fn&& fn) const;

  private:
    std::uint64_t first_ = 0;
    std::uint32_t count_ = 0;
    std::string_view body_;
    std::string_view next(std::size_t& offset) const;  // body_ is already validated
};

template <typename Fn>
bool Reader::for_each(std::uint64_t from, std::uint64_t to, Fn&& fn) const {
    std::size_t offset = 0;
    // Counted by index, not by position: a segment may end at position UINT64_MAX.
    for (std::uint32_t i = 0; i < count_ && first_ + i <= to; ++i) {
        std::string_view event = next(offset);
        if (first_ + i >= from && !fn(first_ + i, event)) return false;
    }
    return true;
}

}  // namespace cordgate::eventlog::segment

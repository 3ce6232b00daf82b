#pragma once
// READY's and READY_SUPPLEMENTAL's `d` as ready_assembly.hpp reads it: one member at a time, and
// a list one item at a time. A heavy account's READY is about a megabyte, and a DOM of all of it
// is 1.7 times that again (16-byte values, 32-byte members): read in slices, only one guild or
// one list item is a DOM at any moment, and the frame needs no NUL-terminated copy to parse in
// place. The slices come from JsonCursor, which checks every byte as strictly as RapidJSON; where
// it declines (an escaped surrogate, an exponent), the whole frame is read as a DOM instead, so
// both sources must read alike (ready_source_test.cpp holds them to it).

#include <adapters/discord/json_read.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace cordgate::adapters::discord {

class ReadySource {
  public:
    using ReadValue = std::function<void(const Json& value)>;
    using ReadItem = std::function<void(const Json& item, std::size_t index)>;

    virtual ~ReadySource() = default;
    // Whether `key` is there and not null.
    virtual bool has(std::string_view key) const = 0;
    // Calls read with the member `key` (not at all when it is absent or null).
    virtual void with(std::string_view key, const ReadValue& read) const = 0;
    // Calls read with each item of the array `key`, in order; none when it is absent or null.
    // Throws MalformedPayload ("key: expected an array") when it is something else.
    virtual void each_item(std::string_view key, const ReadItem& read) const = 0;
};

// A `d` that is a DOM already (the fallback, and every test that builds READY as a DOM).
class DomReadySource final : public ReadySource {
  public:
    explicit DomReadySource(const Json& d) : d_(d) {}
    bool has(std::string_view key) const override;
    void with(std::string_view key, const ReadValue& read) const override;
    void each_item(std::string_view key, const ReadItem& read) const override;

  private:
    const Json& d_;
};

// The members of `d` as spans of the frame's text, each parsed when it is read (the frame must
// outlive the source).
class SlicedReadySource final : public ReadySource {
  public:
    using Member = std::pair<std::string_view, std::string_view>;  // key, value's text
    explicit SlicedReadySource(std::vector<Member> members) : members_(std::move(members)) {}
    bool has(std::string_view key) const override;
    void with(std::string_view key, const ReadValue& read) const override;
    void each_item(std::string_view key, const ReadItem& read) const override;

  private:
    const std::string_view* find(std::string_view key) const;
    std::vector<Member> members_;
};

// A READY or READY_SUPPLEMENTAL dispatch read without a DOM: its header and `d` in slices.
struct SlicedLoginDispatch {
    std::optional<std::int64_t> seq;
    std::string_view name;
    SlicedReadySource d;
};

// nullopt when `frame` is not a READY or READY_SUPPLEMENTAL dispatch whose `d` is an object, or
// when JsonCursor declines any of it: the caller then parses the frame as a DOM, as any other.
std::optional<SlicedLoginDispatch> slice_login_dispatch(std::string_view frame);

}  // namespace cordgate::adapters::discord

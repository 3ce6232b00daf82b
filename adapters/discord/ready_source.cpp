#include <adapters/discord/json_cursor.hpp>
#include <adapters/discord/ready_source.hpp>

#include <core/json_doc.hpp>

#include <string>

namespace cordgate::adapters::discord {
namespace {

[[noreturn]] void not_an_array(std::string_view key) {
    throw MalformedPayload(std::string(key) + ": expected an array");
}

// Parses one slice in place in a copy of its own: the slice was checked by JsonCursor, which
// accepts nothing RapidJSON would refuse, so a parse error here is a bug, not Discord's.
void read_slice(std::string_view text, const ReadySource::ReadValue& read) {
    std::string copy(text);
    core::StackJson json;
    rapidjson::Document& doc = json.doc();
    doc.ParseInsitu(copy.data());
    if (doc.HasParseError()) throw MalformedPayload("a READY slice that does not parse");
    read(doc);
}

}  // namespace

bool DomReadySource::has(std::string_view key) const {
    return member(d_, key) != nullptr;
}

void DomReadySource::with(std::string_view key, const ReadValue& read) const {
    if (const Json* v = member(d_, key)) read(*v);
}

void DomReadySource::each_item(std::string_view key, const ReadItem& read) const {
    const Json* arr = member(d_, key);
    if (!arr) return;
    if (!arr->IsArray()) not_an_array(key);
    std::size_t i = 0;
    for (const auto& item : arr->GetArray()) read(item, i++);
}

const std::string_view* SlicedReadySource::find(std::string_view key) const {
    // The first of two equal keys, as RapidJSON's FindMember reads it.
    for (const auto& [k, v] : members_) {
        if (k == key) return v == "null" ? nullptr : &v;
    }
    return nullptr;
}

bool SlicedReadySource::has(std::string_view key) const {
    return find(key) != nullptr;
}

void SlicedReadySource::with(std::string_view key, const ReadValue& read) const {
    if (const std::string_view* text = find(key)) read_slice(*text, read);
}

void SlicedReadySource::each_item(std::string_view key, const ReadItem& read) const {
    const std::string_view* text = find(key);
    if (!text) return;
    JsonCursor c(*text);
    std::size_t i = 0;
    const bool ok = c.array([&] {
        std::string_view item;
        if (!c.skip_value(item)) return false;
        read_slice(item, [&](const Json& v) { read(v, i); });
        ++i;
        return true;
    });
    if (!ok) not_an_array(key);
}

std::optional<SlicedLoginDispatch> slice_login_dispatch(std::string_view frame) {
    JsonCursor c(frame);
    std::optional<std::int64_t> op;
    std::optional<std::int64_t> seq;
    std::optional<std::string_view> name;
    std::optional<std::string_view> d;
    auto is_login = [](std::string_view t) { return t == "READY" || t == "READY_SUPPLEMENTAL"; };
    const bool ok = c.object([&](std::string_view k) {
        if (k == "op") {
            std::int64_t n = 0;
            if (op || !c.integer(n)) return false;
            op = n;
            return true;
        }
        if (k == "s") {
            if (seq) return false;
            if (c.null()) return true;
            std::int64_t n = 0;
            if (!c.integer(n)) return false;
            seq = n;
            return true;
        }
        if (k == "t") {
            std::string_view t;
            if (name || !c.plain_string(t) || !is_login(t)) return false;  // any other: the DOM
            name = t;
            return true;
        }
        if (k == "d") {
            std::string_view text;
            if (d || !c.skip_value(text)) return false;
            d = text;
            return true;
        }
        return c.skip_value();
    });
    if (!ok || !c.at_end() || op != 0 || !name || !d) return std::nullopt;
    std::vector<SlicedReadySource::Member> members;
    JsonCursor dc(*d);
    const bool object = dc.object([&](std::string_view k) {
        std::string_view text;
        if (!dc.skip_value(text)) return false;
        members.emplace_back(k, text);
        return true;
    });
    if (!object) return std::nullopt;
    return SlicedLoginDispatch{seq, *name, SlicedReadySource(std::move(members))};
}

}  // namespace cordgate::adapters::discord

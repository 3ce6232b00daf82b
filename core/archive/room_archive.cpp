#include <algorithm>
#include <core/archive/room_archive.hpp>

namespace cordgate::core::archive {
namespace {

void append_be64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

std::uint64_t read_be64(std::string_view bytes) {
    std::uint64_t v = 0;
    for (unsigned char c : bytes.substr(0, 8)) v = (v << 8) | c;
    return v;
}

// user, 0x00, be64(room): the room's meta; the same followed by be64(id): one message. The
// meta sorts before the room's messages, and every message range starts after it.
std::string room_prefix(const RoomRef& room) {
    std::string key = room.user;
    key.push_back('\0');
    append_be64(key, room.room.value);
    return key;
}

std::string message_key(const RoomRef& room, Snowflake id) {
    std::string key = room_prefix(room);
    append_be64(key, id.value);
    return key;
}

Snowflake id_of_key(std::string_view key) {
    return Snowflake{read_be64(key.substr(key.size() - 8))};
}

void put_meta(Store& store, const RoomRef& room, const RoomMeta& meta) {
    store.put(room_prefix(room), encode(meta));
}

// Drops the oldest messages while the room holds more than the bound; the floor moves up.
void apply_retention(Store& store, const RoomRef& room, RoomMeta& meta) {
    if (meta.count <= kMaxMessagesPerRoom) return;
    const std::string from = message_key(room, Snowflake{0});
    const std::string to = message_key(room, Snowflake{UINT64_MAX});
    std::vector<std::string> dropped;
    store.scan(from, to, false, [&](std::string_view key, std::string_view) {
        if (meta.count - dropped.size() <= kMaxMessagesPerRoom) {
            meta.floor = id_of_key(key);
            return false;
        }
        dropped.emplace_back(key);
        return true;
    });
    for (const auto& key : dropped) store.erase(key);
    meta.count -= dropped.size();
}

}  // namespace

RoomMeta meta(const Store& store, const RoomRef& room) {
    auto bytes = store.get(room_prefix(room));
    return bytes ? decode<RoomMeta>(*bytes) : RoomMeta{};
}

std::optional<ArchivedMessage> find(const Store& store, const RoomRef& room, Snowflake id) {
    auto bytes = store.get(message_key(room, id));
    if (!bytes) return std::nullopt;
    return decode<ArchivedMessage>(*bytes);
}

void record(Store& store, const RoomRef& room, Snowflake id, const ArchivedMessage& message) {
    RoomMeta m = meta(store, room);
    if (m.floor && id < *m.floor) return;
    const std::string key = message_key(room, id);
    const bool known = store.get(key).has_value();
    store.put(key, encode(message));
    if (known) return;
    ++m.count;
    apply_retention(store, room, m);
    put_meta(store, room, m);
}

void correct(Store& store, const RoomRef& room, Snowflake id, const std::string& body) {
    auto kept = find(store, room, id);
    if (!kept || kept->retracted.value_or(false)) return;
    kept->message.body = body;
    store.put(message_key(room, id), encode(*kept));
}

void retract(Store& store, const RoomRef& room, Snowflake id) {
    auto kept = find(store, room, id);
    if (!kept) return;
    kept->retracted = true;
    kept->message.body.reset();
    kept->message.oob_url.reset();
    kept->message.file.reset();
    kept->message.reply_to_id.reset();
    kept->message.reply_to_jid.reset();
    store.put(message_key(room, id), encode(*kept));
}

void mark_from_beginning(Store& store, const RoomRef& room) {
    RoomMeta m = meta(store, room);
    if (m.from_beginning) return;
    m.from_beginning = true;
    put_meta(store, room, m);
}

void forget_user(Store& store, const std::string& user) {
    std::string from = user;
    from.push_back('\0');
    std::string to = user;
    to.push_back('\1');
    std::vector<std::string> keys;
    store.scan(from, to, false, [&](std::string_view key, std::string_view) {
        keys.emplace_back(key);
        return true;
    });
    for (const auto& key : keys) store.erase(key);
}

Page page(const Store& store, const RoomRef& room, Snowflake after, Snowflake before,
          bool newest_first, std::size_t max, const Filter& filter) {
    Page out;
    if (!(after < before)) return out;
    const std::string from = message_key(room, Snowflake{after.value + 1});
    const std::string to = message_key(room, before);
    store.scan(from, to, newest_first, [&](std::string_view key, std::string_view value) {
        auto message = decode<ArchivedMessage>(value);
        if (filter && !filter(message)) return true;
        // One more that counts: the range holds more than the page.
        if (out.entries.size() == max) {
            out.more = true;
            return false;
        }
        out.entries.push_back(Entry{id_of_key(key), std::move(message)});
        return true;
    });
    if (newest_first) std::reverse(out.entries.begin(), out.entries.end());
    return out;
}

}  // namespace cordgate::core::archive

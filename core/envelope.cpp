// Encoding of the event and effect envelopes. Key order is fixed here; that is what makes the
// bytes canonical.

#include <core/effect.hpp>
#include <core/envelope_paths.hpp>
#include <core/event.hpp>
#include <core/utf8.hpp>

namespace cordgate::core {

namespace {

// ---- the DOM decoder: any valid JSON; errors name the path ----------------------------------

template <class Variant>
Variant read_tagged(const JsonValue& doc, const char* what) {
    const JsonValue& type = require_member(doc, "type");
    if (!type.IsString()) throw CodecError("type: expected a string");
    std::string_view name(type.GetString(), type.GetStringLength());
    Variant payload;
    Path root{nullptr, "payload", 0};
    if (!read_variant(name, require_member(doc, "payload"), payload, root)) {
        throw CodecError(std::string("unknown ") + what + " type '" + std::string(name) + "'");
    }
    return payload;
}

void check_version(const JsonValue& doc, int supported, const char* what) {
    const JsonValue& v = require_member(doc, "v");
    if (!v.IsInt()) throw CodecError("v: expected an integer version");
    if (v.GetInt() != supported) {
        throw CodecError("unsupported " + std::string(what) + " version " +
                         std::to_string(v.GetInt()) + " (this build reads " +
                         std::to_string(supported) + ")");
    }
}

void check_members(const JsonValue& doc, std::size_t expected, const char* what) {
    if (doc.MemberCount() != expected) {
        throw CodecError(std::string(what) + " envelope has " + std::to_string(doc.MemberCount()) +
                         " fields, expected " + std::to_string(expected));
    }
}

template <class T>
T read_member(const JsonValue& doc, const char* name) {
    T out{};
    read_value(require_member(doc, name), out, Path{nullptr, name, 0});
    return out;
}

// ---- the canonical reader: exactly what encode_* writes ----------------------------------------

// `{"v":<supported>`: another version, even a well-formed one, is the DOM decoder's to refuse.
bool read_version(CanonicalReader& r, int supported) {
    int v = 0;
    return r.literal("{\"v\":") && r.integer(v) && v == supported;
}

}  // namespace

std::string encode_event(const Event& e) {
    JsonOut out(json_out_buffer());
    out.append("{\"v\":");
    out.integer(e.v);
    out.append(",\"origin\":");
    out.string(e.origin);
    out.append(",\"origin_seq\":");
    out.integer(e.origin_seq);
    out.append(",\"ts\":");
    out.integer(e.ts);
    out.append(",\"user\":");
    out.string(e.user);
    write_tagged_json(out, e.payload);
    out.put('}');
    return take_json_out(out);
}

namespace envelope_paths {

bool decode_event_canonical(std::string_view text, Event& e) {
    CanonicalReader r(text);
    return read_version(r, kEventVersion) && r.literal(",\"origin\":") && r.string(e.origin) &&
           r.literal(",\"origin_seq\":") && r.integer(e.origin_seq) && r.literal(",\"ts\":") &&
           r.integer(e.ts) && r.literal(",\"user\":") && r.string(e.user) &&
           read_tagged_canonical(r, e.payload) && r.eat('}') && r.at_end();
}

Event decode_event_dom(std::string_view text) {
    StackJson json;  // see json_doc.hpp: no heap chunk per decode
    parse_json_into(json.doc(), text);
    const rapidjson::Document& doc = json.doc();
    if (!doc.IsObject()) throw CodecError("event: expected a JSON object");
    check_version(doc, kEventVersion, "event");
    check_members(doc, 7, "event");
    Event e;
    e.origin = read_member<std::string>(doc, "origin");
    e.origin_seq = read_member<std::uint64_t>(doc, "origin_seq");
    e.ts = read_member<std::int64_t>(doc, "ts");
    e.user = read_member<std::string>(doc, "user");
    e.payload = read_tagged<EventPayload>(doc, "event");
    return e;
}

}  // namespace envelope_paths

Event decode_event(std::string_view text) {
    Event e;
    if (!envelope_paths::decode_event_canonical(text, e))
        e = envelope_paths::decode_event_dom(text);
    return e;
}

std::optional<EventIdentity> read_event_identity(std::string_view text) {
    // No UTF-8 check of the whole text: bytes that are not UTF-8 in the payload are the usual
    // reason for being here, and only the identity's own strings must be valid.
    StackJson json;
    rapidjson::Document& doc = json.doc();
    doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    const auto string_member = [&](const char* name) -> std::optional<std::string> {
        auto it = doc.FindMember(name);
        if (it == doc.MemberEnd() || !it->value.IsString()) return std::nullopt;
        std::string_view s(it->value.GetString(), it->value.GetStringLength());
        if (first_invalid_utf8(s)) return std::nullopt;
        return std::string(s);
    };
    EventIdentity id;
    auto origin = string_member("origin");
    auto user = string_member("user");
    auto type = string_member("type");
    auto seq = doc.FindMember("origin_seq");
    auto ts = doc.FindMember("ts");
    if (!origin || !user || !type || seq == doc.MemberEnd() || !seq->value.IsUint64() ||
        ts == doc.MemberEnd() || !ts->value.IsInt64()) {
        return std::nullopt;
    }
    id.origin = std::move(*origin);
    id.origin_seq = seq->value.GetUint64();
    id.ts = ts->value.GetInt64();
    id.user = std::move(*user);
    id.type = std::move(*type);
    return id;
}

std::string_view target_name(Target t) {
    return t == Target::xmpp ? "xmpp" : "discord";
}

std::optional<Target> parse_target(std::string_view name) {
    if (name == "xmpp") return Target::xmpp;
    if (name == "discord") return Target::discord;
    return std::nullopt;
}

Target target_of(const EffectPayload& payload) {
    std::string_view type = variant_type_name(payload);
    return type.starts_with("xmpp.") ? Target::xmpp : Target::discord;
}

std::string encode_effect(const Effect& e) {
    JsonOut out(json_out_buffer());
    out.append("{\"v\":");
    out.integer(e.v);
    out.append(",\"id\":");
    out.integer(e.id);
    out.append(",\"cause\":");
    out.integer(e.cause);
    out.append(",\"user\":");
    out.string(e.user);
    write_tagged_json(out, e.payload);
    out.put('}');
    return take_json_out(out);
}

namespace envelope_paths {

bool decode_effect_canonical(std::string_view text, Effect& e) {
    CanonicalReader r(text);
    return read_version(r, kEffectVersion) && r.literal(",\"id\":") && r.integer(e.id) &&
           r.literal(",\"cause\":") && r.integer(e.cause) && r.literal(",\"user\":") &&
           r.string(e.user) && read_tagged_canonical(r, e.payload) && r.eat('}') && r.at_end();
}

Effect decode_effect_dom(std::string_view text) {
    StackJson json;  // see json_doc.hpp: no heap chunk per decode
    parse_json_into(json.doc(), text);
    const rapidjson::Document& doc = json.doc();
    if (!doc.IsObject()) throw CodecError("effect: expected a JSON object");
    check_version(doc, kEffectVersion, "effect");
    check_members(doc, 6, "effect");
    Effect e;
    e.id = read_member<std::uint64_t>(doc, "id");
    e.cause = read_member<std::uint64_t>(doc, "cause");
    e.user = read_member<std::string>(doc, "user");
    e.payload = read_tagged<EffectPayload>(doc, "effect");
    return e;
}

}  // namespace envelope_paths

Effect decode_effect(std::string_view text) {
    Effect e;
    if (!envelope_paths::decode_effect_canonical(text, e)) {
        e = envelope_paths::decode_effect_dom(text);
    }
    return e;
}

}  // namespace cordgate::core

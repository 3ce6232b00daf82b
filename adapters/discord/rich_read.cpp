#include <adapters/discord/rich_read.hpp>

#include <utility>

namespace cordgate::adapters::discord {
namespace {

std::optional<std::string> text_of(const Json* obj, const char* key) {
    if (!obj || !obj->IsObject()) return std::nullopt;
    const Json* v = member(*obj, key);
    if (!v || !v->IsString()) return std::nullopt;
    return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::int64_t> int_of(const Json& obj, const char* key) {
    const Json* v = member(obj, key);
    if (!v || !v->IsInt64()) return std::nullopt;
    return v->GetInt64();
}

// Ids arrive as strings; a number is taken too, as json_read.hpp does.
std::optional<core::Snowflake> id_of(const Json& obj, const char* key) {
    try {
        return opt_snowflake(obj, key, "");
    } catch (const MalformedPayload&) {
        return std::nullopt;
    }
}

const Json* array_of(const Json& obj, const char* key) {
    const Json* v = member(obj, key);
    return v && v->IsArray() && !v->Empty() ? v : nullptr;
}

std::optional<core::DiscordEmbed> embed(const Json& e) {
    if (!e.IsObject()) return std::nullopt;
    core::DiscordEmbed out;
    out.type = text_of(&e, "type");
    out.title = text_of(&e, "title");
    out.description = text_of(&e, "description");
    out.url = text_of(&e, "url");
    out.author = text_of(member(e, "author"), "name");
    out.footer = text_of(member(e, "footer"), "text");
    out.image = text_of(member(e, "image"), "url");
    out.thumbnail = text_of(member(e, "thumbnail"), "url");
    out.image_proxy = text_of(member(e, "image"), "proxy_url");
    out.thumbnail_proxy = text_of(member(e, "thumbnail"), "proxy_url");
    if (const Json* fields = array_of(e, "fields")) {
        std::vector<core::DiscordEmbedField> list;
        for (const auto& f : fields->GetArray()) {
            auto name = text_of(&f, "name");
            auto value = text_of(&f, "value");
            if (name && value) list.push_back({std::move(*name), std::move(*value)});
        }
        if (!list.empty()) out.fields_list = std::move(list);
    }
    return out;
}

std::optional<std::vector<core::DiscordEmbed>> embeds(const Json& m) {
    const Json* arr = array_of(m, "embeds");
    if (!arr) return std::nullopt;
    std::vector<core::DiscordEmbed> out;
    for (const auto& e : arr->GetArray()) {
        if (auto read = embed(e)) out.push_back(std::move(*read));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

std::optional<std::vector<core::DiscordSticker>> stickers(const Json& m) {
    const Json* arr = array_of(m, "sticker_items");
    if (!arr) return std::nullopt;
    std::vector<core::DiscordSticker> out;
    for (const auto& s : arr->GetArray()) {
        if (!s.IsObject()) continue;
        auto id = id_of(s, "id");
        auto name = text_of(&s, "name");
        if (!id || !name) continue;
        out.push_back(
            {*id, std::move(*name), static_cast<int>(int_of(s, "format_type").value_or(1))});
    }
    if (out.empty()) return std::nullopt;
    return out;
}

// poll: {question: {text}, answers: [{answer_id, poll_media: {text, emoji}}],
//        results?: {is_finalized, answer_counts: [{id, count, me_voted}]}}
std::optional<core::DiscordPoll> poll(const Json& m) {
    const Json* p = member(m, "poll");
    if (!p || !p->IsObject()) return std::nullopt;
    core::DiscordPoll out;
    out.question = text_of(member(*p, "question"), "text").value_or("");
    const Json* results = member(*p, "results");
    if (results && !results->IsObject()) results = nullptr;
    if (const Json* answers = array_of(*p, "answers")) {
        for (const auto& a : answers->GetArray()) {
            if (!a.IsObject()) continue;
            core::DiscordPollAnswer answer;
            answer.answer_id = int_of(a, "answer_id").value_or(0);
            const Json* media = member(a, "poll_media");
            answer.text = text_of(media, "text").value_or("");
            if (media && media->IsObject()) answer.emoji = text_of(member(*media, "emoji"), "name");
            // answer_counts may leave out answers nobody chose.
            if (results) answer.count = 0;
            out.answers.push_back(std::move(answer));
        }
    }
    if (results) {
        if (const Json* fin = member(*results, "is_finalized");
            fin && fin->IsBool() && fin->GetBool())
            out.finalized = true;
        if (const Json* counts = array_of(*results, "answer_counts")) {
            for (const auto& c : counts->GetArray()) {
                if (!c.IsObject()) continue;
                const auto id = int_of(c, "id");
                const auto count = int_of(c, "count");
                for (auto& answer : out.answers) {
                    if (id && count && answer.answer_id == *id) answer.count = *count;
                }
            }
        }
    }
    return out;
}

std::optional<std::vector<core::DiscordForwarded>> snapshots(const Json& m) {
    const Json* arr = array_of(m, "message_snapshots");
    if (!arr) return std::nullopt;
    std::vector<core::DiscordForwarded> out;
    for (const auto& s : arr->GetArray()) {
        const Json* msg = s.IsObject() ? member(s, "message") : nullptr;
        if (!msg || !msg->IsObject()) continue;
        core::DiscordForwarded f;
        f.content = text_of(msg, "content").value_or("");
        try {
            f.attachments = attachments(*msg, "message_snapshots.message");
        } catch (const MalformedPayload&) {
            f.attachments.clear();
        }
        f.embeds = embeds(*msg);
        f.sticker_items = stickers(*msg);
        out.push_back(std::move(f));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace

RichParts read_rich(const Json& message) {
    RichParts r;
    if (auto type = int_of(message, "type"); type && *type != 0)
        r.message_type = static_cast<int>(*type);
    r.embeds = embeds(message);
    r.sticker_items = stickers(message);
    r.poll = poll(message);
    r.forwarded = snapshots(message);
    if (const Json* ref = member(message, "message_reference"); ref && ref->IsObject()) {
        r.is_forward = int_of(*ref, "type").value_or(0) == 1;
    }
    return r;
}

}  // namespace cordgate::adapters::discord

#include <adapters/discord/guild_subscriptions.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

namespace cordgate::adapters::discord {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

bool same(const core::SubscribeDiscordGuild& a, const core::SubscribeDiscordGuild& b) {
    if (a.guild_id != b.guild_id || a.typing != b.typing || a.activities != b.activities ||
        a.threads != b.threads || a.channels.size() != b.channels.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.channels.size(); ++i) {
        const auto& x = a.channels[i];
        const auto& y = b.channels[i];
        if (x.channel_id != y.channel_id || x.ranges.size() != y.ranges.size()) return false;
        for (std::size_t r = 0; r < x.ranges.size(); ++r) {
            if (x.ranges[r].first != y.ranges[r].first || x.ranges[r].last != y.ranges[r].last) {
                return false;
            }
        }
    }
    return true;
}

void write_guild(Writer& w, const core::SubscribeDiscordGuild& g) {
    const std::string id = g.guild_id.str();
    w.Key(id.c_str(), static_cast<rapidjson::SizeType>(id.size()), true);
    w.StartObject();
    w.Key("typing");
    w.Bool(g.typing);
    w.Key("activities");
    w.Bool(g.activities);
    w.Key("threads");
    w.Bool(g.threads);
    w.Key("channels");
    w.StartObject();
    for (const auto& c : g.channels) {
        const std::string cid = c.channel_id.str();
        w.Key(cid.c_str(), static_cast<rapidjson::SizeType>(cid.size()), true);
        w.StartArray();
        for (const auto& r : c.ranges) {
            w.StartArray();
            w.Int(r.first);
            w.Int(r.last);
            w.EndArray();
        }
        w.EndArray();
    }
    w.EndObject();
    w.EndObject();
}

}  // namespace

std::string guild_subscriptions_frame(
    const std::vector<const core::SubscribeDiscordGuild*>& guilds) {
    rapidjson::StringBuffer b;
    Writer w(b);
    w.StartObject();
    w.Key("op");
    w.Int(37);
    w.Key("d");
    w.StartObject();
    w.Key("subscriptions");
    w.StartObject();
    for (const auto* g : guilds) write_guild(w, *g);
    w.EndObject();
    w.EndObject();
    w.EndObject();
    return b.GetString();
}

void GuildSubscriptions::set(const core::SubscribeDiscordGuild& wish, Millis now) {
    wanted_[wish.guild_id] = wish;
    auto told = told_.find(wish.guild_id);
    if (told != told_.end() && same(told->second, wish)) {
        dirty_.erase(wish.guild_id);
        return;
    }
    if (dirty_.empty()) dirty_since_ = now;
    dirty_.insert(wish.guild_id);
}

void GuildSubscriptions::on_session_start() {
    live_ = true;
    told_.clear();
    dirty_.clear();
    for (const auto& [id, wish] : wanted_) dirty_.insert(id);
    dirty_since_.reset();
}

void GuildSubscriptions::on_disconnected() {
    live_ = false;
    sent_.clear();
}

std::optional<Millis> GuildSubscriptions::due() const {
    if (!live_ || dirty_.empty()) return std::nullopt;
    Millis at = dirty_since_ ? *dirty_since_ + kDebounceMs : 0;
    if (sent_.size() >= kPayloadsPerWindow) {
        at = std::max(at, sent_[sent_.size() - kPayloadsPerWindow] + kWindowMs);
    }
    return at;
}

std::vector<std::string> GuildSubscriptions::take(Millis now) {
    std::vector<std::string> frames;
    auto at = due();
    if (!at || *at > now) return frames;
    std::vector<const core::SubscribeDiscordGuild*> batch;
    std::string frame;
    auto it = dirty_.begin();
    while (it != dirty_.end()) {
        // Another payload only while fewer than kPayloadsPerWindow went out within kWindowMs.
        if (sent_.size() >= kPayloadsPerWindow &&
            sent_[sent_.size() - kPayloadsPerWindow] + kWindowMs > now) {
            break;
        }
        batch.clear();
        frame.clear();
        // As many guilds as fit one payload; a single guild always goes (it cannot be split).
        while (it != dirty_.end()) {
            batch.push_back(&wanted_.at(*it));
            std::string candidate = guild_subscriptions_frame(batch);
            if (candidate.size() > kMaxPayloadBytes && batch.size() > 1) {
                batch.pop_back();
                break;
            }
            frame = std::move(candidate);
            ++it;
        }
        for (const auto* g : batch) told_[g->guild_id] = *g;
        frames.push_back(std::move(frame));
        sent_.push_back(now);
        while (sent_.size() > kPayloadsPerWindow) sent_.pop_front();
    }
    dirty_.erase(dirty_.begin(), it);
    // What is left waits for the window; it is not new, so no debounce applies to it.
    if (!dirty_.empty()) dirty_since_.reset();
    return frames;
}

}  // namespace cordgate::adapters::discord

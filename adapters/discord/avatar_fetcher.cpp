#include <adapters/discord/avatar.hpp>
#include <adapters/discord/avatar_fetcher.hpp>
#include <adapters/discord/rest_request.hpp>

#include <spdlog/spdlog.h>

namespace cordgate::adapters::discord {

AvatarFetcher::AvatarFetcher(CdnFetch cdn, std::string cdn_path, Publish publish,
                             std::function<Millis()> clock, AvatarPacer::Options pacing)
    : cdn_(std::move(cdn)),
      cdn_path_(std::move(cdn_path)),
      publish_(std::move(publish)),
      clock_(std::move(clock)),
      pacer_(pacing, clock_()) {}

AvatarFetcher::~AvatarFetcher() {
    *alive_ = false;
}

void AvatarFetcher::request(const std::string& xmpp_user, core::Snowflake user_id,
                            const std::string& avatar) {
    Key key{user_id, avatar};
    if (auto known = remembered_.find(key); known != remembered_.end()) {
        publish_(xmpp_user, known->second);
        return;
    }
    if (auto w = waiting_.find(key); w != waiting_.end()) {
        w->second.insert(xmpp_user);
        return;
    }
    if (waiting_.size() >= kMaxWaiting) {
        spdlog::warn("discord[{}]: avatar of {} not fetched: {} avatars wait already", xmpp_user,
                     user_id.str(), waiting_.size());
        publish_(xmpp_user, core::DiscordAvatar{user_id, avatar, {}, {}, {}});
        return;
    }
    waiting_[key].insert(xmpp_user);
    queue_.push_back(std::move(key));
    pump();
}

void AvatarFetcher::pump() {
    while (!queue_.empty() && pacer_.try_start(clock_())) {
        Key key = std::move(queue_.front());
        queue_.pop_front();
        start(key);
    }
}

void AvatarFetcher::start(const Key& key) {
    std::string path;
    try {
        path = cdn_path_ + avatar_path(key.first, key.second);
    } catch (const std::invalid_argument& e) {
        pacer_.finished();
        spdlog::warn("discord: avatar of {} not fetched: {}", key.first.str(), e.what());
        answer(key, core::DiscordAvatar{key.first, key.second, {}, {}, {}});
        return;
    }
    cdn_(path, [this, alive = alive_, key, path](HttpResponse res) {
        if (!*alive) return;
        pacer_.finished();
        core::DiscordAvatar result{key.first, key.second, {}, {}, {}};
        if (res.status == 200 && !res.body.empty()) {
            auto type = res.headers.find("content-type");
            AvatarImage image = avatar_image(
                res.body, type == res.headers.end() ? std::string_view() : type->second);
            result.sha1 = std::move(image.sha1_hex);
            result.image_type = std::move(image.type);
            result.bytes = res.body.size();
            remember(key, result);
        } else {
            spdlog::warn("discord: avatar {} not fetched ({})", path,
                         res.status ? "HTTP " + std::to_string(res.status) : res.error);
        }
        answer(key, result);
        pump();
    });
}

void AvatarFetcher::answer(const Key& key, const core::DiscordAvatar& result) {
    auto w = waiting_.find(key);
    if (w == waiting_.end()) return;
    const std::set<std::string> users = std::move(w->second);
    waiting_.erase(w);
    for (const auto& user : users) publish_(user, result);
}

void AvatarFetcher::remember(const Key& key, const core::DiscordAvatar& result) {
    if (remembered_.emplace(key, result).second) remembered_order_.push_back(key);
    while (remembered_order_.size() > kRemembered) {
        remembered_.erase(remembered_order_.front());
        remembered_order_.pop_front();
    }
}

}  // namespace cordgate::adapters::discord

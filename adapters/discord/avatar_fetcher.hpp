#pragma once
// discord.fetch_avatar for every session of the adapter: contacts' avatars from the CDN
// (cdn_base/avatars/{user_id}/{avatar}.png?size=128, no token, no API call), answered with
// discord.avatar (SHA-1, type, size; the bytes are not sent on). One queue for the process,
// paced by an AvatarPacer; one fetch per (Discord user, avatar hash) however many XMPP users
// or effects ask for it while it waits; the last answers remembered (hash and size only), so
// asking again, after a new READY say, costs no request. Bounded: past kMaxWaiting images
// waiting, a request is answered at once as not fetched (the core asks again at the next
// change or login). The effect is taken when queued: acknowledging it only when fetched would
// hold back the bus's acknowledgements of every later effect for as long as the queue lasts,
// and a queue lost with the process is asked again by the core at the next READY, since the
// state has no image for those hashes.

#include <adapters/discord/avatar_pacer.hpp>
#include <adapters/discord/io.hpp>
#include <core/discord_events.hpp>
#include <core/event.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

namespace cordgate::adapters::discord {

class AvatarFetcher {
  public:
    using CdnFetch =
        std::function<void(const std::string& path, std::function<void(HttpResponse)>)>;
    using Publish = std::function<void(const std::string& user, core::EventPayload)>;

    static constexpr std::size_t kMaxWaiting = 2048;
    static constexpr std::size_t kRemembered = 4096;

    // `cdn_path`: the path prefix of the configured cdn_base ("" for a host root).
    AvatarFetcher(CdnFetch cdn, std::string cdn_path, Publish publish,
                  std::function<Millis()> clock, AvatarPacer::Options pacing = {});
    ~AvatarFetcher();
    AvatarFetcher(const AvatarFetcher&) = delete;
    AvatarFetcher& operator=(const AvatarFetcher&) = delete;

    // `xmpp_user` wants the image of `user_id`'s `avatar`.
    void request(const std::string& xmpp_user, core::Snowflake user_id, const std::string& avatar);
    // Starts the fetches the pacer allows now; call it on every tick.
    void pump();

    std::size_t waiting() const { return waiting_.size(); }

  private:
    using Key = std::pair<core::Snowflake, std::string>;

    void start(const Key& key);
    void answer(const Key& key, const core::DiscordAvatar& result);
    void remember(const Key& key, const core::DiscordAvatar& result);

    CdnFetch cdn_;
    std::string cdn_path_;
    Publish publish_;
    std::function<Millis()> clock_;
    AvatarPacer pacer_;
    std::deque<Key> queue_;                          // not started yet, in request order
    std::map<Key, std::set<std::string>> waiting_;   // queued or underway: who asked
    std::map<Key, core::DiscordAvatar> remembered_;  // fetched ones
    std::deque<Key> remembered_order_;               // oldest first, to forget
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cordgate::adapters::discord

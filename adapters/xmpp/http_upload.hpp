#pragma once
// XEP-0363 from the gateway's side: which upload service each allowed domain has (configured,
// or found by disco#items of the domain and disco#info of its items), and slot requests on
// their way. It sends IQs from the gateway's domain and reads only the answers to them: an IQ
// result or error whose id it gave and whose sender is the entity it asked. Pure: time comes
// in as `now_ms`, stanzas and events go out as values.

#include <adapters/xmpp/config.hpp>
#include <adapters/xmpp/element.hpp>
#include <core/event.hpp>
#include <core/xmpp_effects.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::adapters::xmpp {

struct UploadOut {
    std::vector<Element> stanzas;
    // (the envelope's user, the event): "" for xmpp.upload_service, which concerns a domain.
    std::vector<std::pair<std::string, core::EventPayload>> events;
};

class HttpUpload {
  public:
    // `random_token`: 32 lower-case hex digits, fresh each call (the local store's link
    // secret); the default reads the system's random source.
    HttpUpload(std::string gateway, std::vector<std::string> domains, FilesConfig config,
               std::function<std::string()> random_token = {});

    // On every connection to the server: discovery of every domain (or the configured service
    // announced at once). Answers still awaited from an earlier connection are forgotten.
    UploadOut start(std::int64_t now_ms);
    // The <request/> for the core's effect, for `user` (the effect's user).
    Element request_slot(const std::string& user, const core::RequestXmppUploadSlot& request,
                         std::int64_t now_ms);
    // With [files] store_base_url, the gateway is every domain's upload service and answers
    // its own slot requests: a fresh name in cordgate's store (common/store_url.hpp), its GET
    // URL under the base URL. nullopt: the request is for an XEP-0363 service (request_slot).
    std::optional<UploadOut> local_slot(const std::string& user,
                                        const core::RequestXmppUploadSlot& request);
    // An IQ result or error; nullopt when it answers nothing this asked.
    std::optional<UploadOut> on_reply(const Element& iq, std::int64_t now_ms);
    // What was asked more than slot_timeout ago and never answered fails.
    UploadOut expire(std::int64_t now_ms);

    std::size_t awaited() const { return pending_.size(); }

  private:
    enum class Asked { items, info, slot };
    struct Pending {
        Asked asked;
        std::string to;      // who was asked: only its answer counts
        std::string domain;  // items, info: the domain being discovered
        std::string user;    // slot: whose effect
        std::string request_id;
        std::int64_t deadline = 0;
    };
    struct Discovery {
        std::size_t infos_awaited = 0;
        bool announced = false;
    };

    Element iq_get(const std::string& to, const std::string& id) const;
    void announce(UploadOut& out, const std::string& domain, const std::string& service,
                  std::optional<std::uint64_t> max_bytes);
    void on_items(UploadOut& out, const Pending& p, const Element& iq, std::int64_t deadline);
    void on_info(UploadOut& out, const Pending& p, const Element* iq);
    void on_slot(UploadOut& out, const Pending& p, const Element& iq);

    std::string gateway_;
    std::vector<std::string> domains_;
    FilesConfig config_;
    std::function<std::string()> random_token_;
    std::map<std::string, Pending> pending_;  // by the IQ's id
    std::map<std::string, Discovery> discoveries_;
    std::uint64_t next_id_ = 0;
};

}  // namespace cordgate::adapters::xmpp

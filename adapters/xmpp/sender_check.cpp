#include <adapters/xmpp/sender_check.hpp>

#include <core/jid.hpp>

namespace cordgate::adapters::xmpp {

SenderCheck::SenderCheck(std::string domain, std::size_t remembered)
    : domain_(std::move(domain)), capacity_(remembered) {}

bool SenderCheck::allowed(std::string_view from) {
    if (accepted_.find(from) != accepted_.end()) return true;
    auto jid = core::Jid::parse(from);
    if (!jid || jid->domain != domain_) return false;
    // Forgetting everything at once keeps the bound without bookkeeping per entry; the set
    // refills from the next stanzas at the cost of one parse each.
    if (accepted_.size() >= capacity_) accepted_.clear();
    accepted_.emplace(from);
    return true;
}

}  // namespace cordgate::adapters::xmpp

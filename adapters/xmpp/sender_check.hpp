#pragma once
// Whether a stanza may go out with a given 'from': a well-formed JID inside the component's
// domain. The server closes the whole stream (invalid-from) on any other, so one faulty effect
// would take every user's link down.
//
// The answer depends on the text alone, and a flood comes from a handful of puppets and rooms:
// the accepted senders are remembered. Parsing every stanza's 'from' was 18% of the adapter's
// CPU behind prosody (bench/RESULTS.md, session 7).

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

namespace cordgate::adapters::xmpp {

class SenderCheck {
  public:
    explicit SenderCheck(std::string domain, std::size_t remembered = 4096);

    bool allowed(std::string_view from);

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    std::string domain_;
    std::size_t capacity_;
    std::unordered_set<std::string, Hash, std::equal_to<>> accepted_;
};

}  // namespace cordgate::adapters::xmpp

#pragma once
// XEP-0115 entity capabilities: the `ver` string of a disco#info answer (§5.1, SHA-1, base64),
// and the one every puppet presence carries, computed once from core/puppet_disco.hpp.

#include <string>
#include <vector>

namespace cordgate::adapters::xmpp {

struct CapsIdentity {
    std::string category;
    std::string type;
    std::string lang;
    std::string name;
};

// §5.1: identities sorted by category/type/lang, features sorted, each followed by '<',
// hashed with SHA-1 and base64-encoded. (No extended forms: the gateway sends none.)
std::string caps_ver(std::vector<CapsIdentity> identities, std::vector<std::string> features);

// The ver of a puppet's disco#info answer for node '<kPuppetCapsNode>#<ver>'.
const std::string& puppet_caps_ver(bool bot);

}  // namespace cordgate::adapters::xmpp

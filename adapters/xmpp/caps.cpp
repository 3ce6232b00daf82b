#include <adapters/xmpp/caps.hpp>

#include <core/puppet_disco.hpp>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <tuple>

namespace cordgate::adapters::xmpp {
namespace {

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string puppet_ver(bool bot) {
    std::vector<std::string> features(core::kPuppetFeatures.begin(), core::kPuppetFeatures.end());
    return caps_ver({CapsIdentity{std::string(core::kPuppetIdentityCategory),
                                  std::string(core::puppet_identity_type(bot)),
                                  {},
                                  {}}},
                    std::move(features));
}

}  // namespace

std::string caps_ver(std::vector<CapsIdentity> identities, std::vector<std::string> features) {
    // §5.1 sorts identities by category, then type, then xml:lang (name is not a sort key,
    // but two identities never differ in name alone in a valid answer).
    std::sort(identities.begin(), identities.end(), [](const auto& a, const auto& b) {
        return std::tie(a.category, a.type, a.lang, a.name) <
               std::tie(b.category, b.type, b.lang, b.name);
    });
    std::sort(features.begin(), features.end());
    std::string s;
    for (const auto& i : identities) {
        s += i.category + '/' + i.type + '/' + i.lang + '/' + i.name + '<';
    }
    for (const auto& f : features) s += f + '<';
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest.data());
    return base64(digest.data(), digest.size());
}

const std::string& puppet_caps_ver(bool bot) {
    static const std::string pc = puppet_ver(false);
    static const std::string robot = puppet_ver(true);
    return bot ? robot : pc;
}

}  // namespace cordgate::adapters::xmpp

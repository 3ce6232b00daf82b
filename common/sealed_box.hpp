#pragma once
// Sealing Discord tokens (DESIGN.md, "Secrets"): the XMPP adapter seals a token to the Discord
// adapter's public key with libsodium's crypto_box_seal; only the Discord adapter, which holds
// the secret key, can open it. Everything in between (events, the log, captures) carries the
// base64 of the sealed bytes.
//
// Files:
//   key pair  (0600)  two lines: "public=<base64>" and "secret=<base64>"
//   public    (0644)  one line: "<base64>" (create_key_pair writes it as <key pair path>.pub)
// load_public_key() reads either.

#include <array>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cordgate::common {

class SealedBoxError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

using PublicKey = std::array<std::uint8_t, 32>;

// The secret half is wiped when the key pair goes out of scope.
struct KeyPair {
    PublicKey public_key{};
    std::array<std::uint8_t, 32> secret_key{};

    KeyPair() = default;
    KeyPair(const KeyPair&) = default;
    KeyPair& operator=(const KeyPair&) = default;
    ~KeyPair();
};

// Creates a fresh key pair in `path` (mode 0600, refused if it exists) and its public half in
// `path`.pub. Throws SealedBoxError naming the file and the reason.
KeyPair create_key_pair(const std::filesystem::path& path);
// Loads `path`, creating it first when it does not exist.
KeyPair load_or_create_key_pair(const std::filesystem::path& path);
KeyPair load_key_pair(const std::filesystem::path& path);
PublicKey load_public_key(const std::filesystem::path& path);

// Seals `clear` to `recipient`; returns base64 (original variant, padded).
std::string seal(std::string_view clear, const PublicKey& recipient);
// Opens what seal() produced. Throws SealedBoxError when it is not base64, too short, or was
// sealed to another key. The caller should wipe the result (wipe()) when done.
std::string open(std::string_view sealed_base64, const KeyPair& keys);

// Overwrites the string's bytes in a way the compiler may not elide, then clears it.
void wipe(std::string& secret);

std::string to_base64(const std::uint8_t* data, std::size_t size);

}  // namespace cordgate::common

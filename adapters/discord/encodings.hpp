#pragma once
// Byte encodings the adapter needs in more than one place: base64 (vCard photos, the websocket
// handshake) and SHA-1 (the XEP-0153 photo hash, Sec-WebSocket-Accept). Pure.

#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

std::string base64(std::string_view bytes);
// The 20-byte digest.
std::string sha1(std::string_view bytes);
// The digest in lower-case hex.
std::string sha1_hex(std::string_view bytes);

}  // namespace cordgate::adapters::discord

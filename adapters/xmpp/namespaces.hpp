#pragma once
// XML namespaces the gateway reads or writes, in one place so a typo is a compile error.

namespace cordgate::adapters::xmpp::ns {

inline constexpr const char* kComponent = "jabber:component:accept";
inline constexpr const char* kClient = "jabber:client";
inline constexpr const char* kStanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";

inline constexpr const char* kDiscoInfo = "http://jabber.org/protocol/disco#info";
inline constexpr const char* kDiscoItems = "http://jabber.org/protocol/disco#items";
inline constexpr const char* kRegister = "jabber:iq:register";
inline constexpr const char* kDataForms = "jabber:x:data";
inline constexpr const char* kCommands = "http://jabber.org/protocol/commands";
inline constexpr const char* kPing = "urn:xmpp:ping";
inline constexpr const char* kRoster = "jabber:iq:roster";
inline constexpr const char* kVcard = "vcard-temp";
inline constexpr const char* kVcardUpdate = "vcard-temp:x:update";

inline constexpr const char* kPrivilege2 = "urn:xmpp:privilege:2";
inline constexpr const char* kPrivilege1 = "urn:xmpp:privilege:1";
inline constexpr const char* kForward = "urn:xmpp:forward:0";
inline constexpr const char* kCarbons = "urn:xmpp:carbons:2";

inline constexpr const char* kSid = "urn:xmpp:sid:0";                   // XEP-0359
inline constexpr const char* kCorrect = "urn:xmpp:message-correct:0";   // XEP-0308
inline constexpr const char* kRetract1 = "urn:xmpp:message-retract:1";  // XEP-0424 >= 0.4
inline constexpr const char* kRetract0 = "urn:xmpp:message-retract:0";  // XEP-0424 < 0.4
inline constexpr const char* kFasten = "urn:xmpp:fasten:0";             // carries :0 retracts
inline constexpr const char* kFallback = "urn:xmpp:fallback:0";
inline constexpr const char* kReactions = "urn:xmpp:reactions:0";                    // XEP-0444
inline constexpr const char* kChatStates = "http://jabber.org/protocol/chatstates";  // XEP-0085
inline constexpr const char* kReceipts = "urn:xmpp:receipts";                        // XEP-0184
inline constexpr const char* kMarkers = "urn:xmpp:chat-markers:0";                   // XEP-0333
inline constexpr const char* kReply = "urn:xmpp:reply:0";                            // XEP-0461
inline constexpr const char* kReference = "urn:xmpp:reference:0";                    // XEP-0372
inline constexpr const char* kOob = "jabber:x:oob";                                  // XEP-0066
inline constexpr const char* kSpoiler = "urn:xmpp:spoiler:0";                        // XEP-0382
inline constexpr const char* kHints = "urn:xmpp:hints";                              // XEP-0334
inline constexpr const char* kDelay = "urn:xmpp:delay";                              // XEP-0203
inline constexpr const char* kModerate = "urn:xmpp:message-moderate:1";              // XEP-0425
inline constexpr const char* kCaps = "http://jabber.org/protocol/caps";              // XEP-0115
inline constexpr const char* kHttpUpload = "urn:xmpp:http:upload:0";                 // XEP-0363
inline constexpr const char* kSfs = "urn:xmpp:sfs:0";                                // XEP-0447
inline constexpr const char* kFileMetadata = "urn:xmpp:file:metadata:0";             // XEP-0446
inline constexpr const char* kHashes2 = "urn:xmpp:hashes:2";                         // XEP-0300
inline constexpr const char* kUrlData = "http://jabber.org/protocol/url-data";       // XEP-0103
inline constexpr const char* kMam = "urn:xmpp:mam:2";                                // XEP-0313
inline constexpr const char* kRsm = "http://jabber.org/protocol/rsm";                // XEP-0059

inline constexpr const char* kPubsub = "http://jabber.org/protocol/pubsub";             // XEP-0060
inline constexpr const char* kPubsubEvent = "http://jabber.org/protocol/pubsub#event";  // XEP-0060
inline constexpr const char* kAvatarMetadata = "urn:xmpp:avatar:metadata";              // XEP-0084
inline constexpr const char* kAvatarData = "urn:xmpp:avatar:data";                      // XEP-0084
inline constexpr const char* kBookmarks = "urn:xmpp:bookmarks:1";                       // XEP-0402

inline constexpr const char* kMuc = "http://jabber.org/protocol/muc";           // XEP-0045
inline constexpr const char* kMucUser = "http://jabber.org/protocol/muc#user";  // XEP-0045
inline constexpr const char* kConference = "jabber:x:conference";               // XEP-0249

}  // namespace cordgate::adapters::xmpp::ns

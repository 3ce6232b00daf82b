# CPack's DEB generator: the package is made from the tree already built and tested.
# Packing builds nothing: `./run package` and CI build first, and a test that packs (ctest
# package_install) must not start a second build of every target beside the other tests.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cordgate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "cordgate developers <cordgate@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "XMPP gateway for Discord (puppeting, one log)")
set(CPACK_PACKAGE_DESCRIPTION
  "cordgate lets XMPP users reach Discord through their own XMPP server:\n\
Discord friends and DM partners become roster contacts, guild channels and\n\
group DMs become group chats, and what a user does on either side shows up\n\
on the other. It runs as three daemons joined by a local bus: the event log\n\
and its projection, the XMPP component, and the Discord sessions.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/cordgate")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# adduser and dpkg-statoverride for the postinst; deb-systemd-helper for the units.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prosody | ejabberd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
  ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

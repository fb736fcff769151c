# The Debian package `weft` (cpack -G DEB in the build directory; output in packages/):
# /usr/sbin/weftd, /lib/systemd/system/weftd.service, the default config /etc/weft/weftd.yaml
# (a conffile), the docs in /usr/share/doc/weft and the schemas in /usr/share/weft/schema.
# The maintainer scripts in deploy/debian make the weft user, /var/lib/weft and the
# credentials the default config uses. Its install rules are the `deb` component, with the
# Debian paths fixed whatever CMAKE_INSTALL_PREFIX a build uses; EXCLUDE_FROM_ALL keeps them
# out of a plain `cmake --install` (which installs the prefix-relative rules of CMakeLists.txt).

# The unit for the package names the package's paths.
function(weft_configure_package_unit output)
  set(CMAKE_INSTALL_FULL_SBINDIR /usr/sbin)
  set(CMAKE_INSTALL_FULL_SYSCONFDIR /etc)
  configure_file(${CMAKE_SOURCE_DIR}/deploy/weftd.service.in ${output} @ONLY)
endfunction()
weft_configure_package_unit(${CMAKE_BINARY_DIR}/package/weftd.service)

install(TARGETS weftd RUNTIME DESTINATION sbin COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_BINARY_DIR}/package/weftd.service DESTINATION /lib/systemd/system
        COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES deploy/weftd.yaml DESTINATION /etc/weft COMPONENT deb EXCLUDE_FROM_ALL)
file(GLOB WEFT_PACKAGE_DOCS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES README.md ${WEFT_PACKAGE_DOCS} DESTINATION share/doc/weft COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES deploy/README.md DESTINATION share/doc/weft RENAME deploy.md COMPONENT deb EXCLUDE_FROM_ALL)
install(DIRECTORY conf/ DESTINATION share/doc/weft/examples COMPONENT deb EXCLUDE_FROM_ALL
        FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY schema/ DESTINATION share/weft/schema COMPONENT deb EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME weft)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "ATS webhook sync daemon: verifies vendor webhooks, delivers unified signed events")
set(CPACK_PACKAGE_DESCRIPTION
    "weftd receives webhooks from applicant tracking systems, verifies and normalizes them \
into one event model, and delivers them to subscribers as Standard Webhooks.")
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/packages)
# Only the `deb` component, installed under /usr (absolute destinations stay absolute).
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};weft;deb;/")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Weft maintainers <maintainers@weft.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies from dpkg-shlibdeps (dpkg-dev), plus what the maintainer scripts run.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/deploy/debian/conffiles ${CMAKE_SOURCE_DIR}/deploy/debian/postinst
    ${CMAKE_SOURCE_DIR}/deploy/debian/prerm ${CMAKE_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)

# install.cmake — what `cmake --install` puts where (the command, the shared
# and static library, the header, passim.pc, the man page, bash completion,
# the examples, the JSON schema) and CPack's Debian package of it all.
include(GNUInstallDirs)

if(TARGET passim_cli)
  install(TARGETS passim_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(TARGETS passim passim_static
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/passim.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/passim.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# The JSON schema of --json, --jsonl and the batch modes, beside the man
# page that points to it.
install(FILES ${PROJECT_SOURCE_DIR}/docs/json-schema.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(TARGET passim_cli)
  install(FILES ${PROJECT_BINARY_DIR}/passim.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME passim)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/examples/search_titles.c
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/examples/search_jsonl.sh
                 ${PROJECT_SOURCE_DIR}/examples/batch_search.py
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# passim.pc finds its prefix from where it lies (${pcfiledir}), so the same
# file serves `cmake --install --prefix ANY` and the package. The static
# library's dependencies are plain -l flags in Libs.private: no -dev package
# is needed to build against the shared library. libstemmer is its archive
# (-l:libstemmer.a): analysis/stemmer.c links its English algorithm, which
# the shared libstemmer does not export.
file(RELATIVE_PATH PASSIM_PC_TO_PREFIX
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" PASSIM_PC_TO_PREFIX "${PASSIM_PC_TO_PREFIX}")
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/passim.pc @ONLY CONTENT
"prefix=\${pcfiledir}/@PASSIM_PC_TO_PREFIX@
libdir=\${prefix}/@CMAKE_INSTALL_LIBDIR@
includedir=\${prefix}/@CMAKE_INSTALL_INCLUDEDIR@

Name: passim
Description: Full-text search for collections of articles, on Xapian
Version: @PROJECT_VERSION@
Libs: -L\${libdir} -lpassim
Libs.private: -lxapian -l:libstemmer.a -lcjson -lutf8proc -lyaml -lcmark-gfm-extensions -lcmark-gfm -lgumbo -lxxhash -lstdc++ -lpthread -lm
Cflags: -I\${includedir}
")
install(FILES ${PROJECT_BINARY_DIR}/passim.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# `cpack -G DEB` (or `cmake --build B --target package`) builds
# passim_VERSION_ARCH.deb; its Depends come from dpkg-shlibdeps.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME passim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "passim developers <passim@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "full-text search for collections of articles, on Xapian")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"passim indexes Markdown, text, HTML and JSON articles into a Xapian
database and searches them with BM25-ranked passages, highlighted snippets
and JSON output. This package holds the passim command, libpassim (shared
and static), its header and pkg-config file, the man page and bash
completion.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Opened with dlopen for languages other than English (analysis/stemmer.c),
# so dpkg-shlibdeps does not see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libstemmer0d")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)

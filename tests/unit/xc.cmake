# Unit tests of xapian-c/ (the C bindings for libxapian), on real databases.
# passim_core is here for passim_status_string; its objects need analysis.
passim_unit_test(test_xc
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_xc.c
  ROOMS passim_xc passim_core passim_analysis)

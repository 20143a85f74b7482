# Query language: parser, compiler against a real database, synonyms.
passim_unit_test(test_query
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_query.c
          ${CMAKE_CURRENT_SOURCE_DIR}/fixture_db.c
  ROOMS passim_search passim_analysis passim_xc passim_core)

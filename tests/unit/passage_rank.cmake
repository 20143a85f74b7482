# Passages scored at query time (search/passage_rank.c) on a real database.
passim_unit_test(test_passage_rank
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_passage_rank.c
          ${CMAKE_CURRENT_SOURCE_DIR}/fixture_db.c
  ROOMS passim_search passim_xc passim_core passim_analysis)

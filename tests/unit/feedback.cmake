# Pseudo-relevance feedback (search/feedback.c) on a real database.
# passim_core is here for passim_status_string; its objects need analysis.
passim_unit_test(test_feedback
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_feedback.c
          ${CMAKE_CURRENT_SOURCE_DIR}/fixture_db.c
  ROOMS passim_search passim_xc passim_core passim_analysis)

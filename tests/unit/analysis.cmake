# analysis/: the analyzer's tokens, folding, stemming, stopwords, sanitizing.
# Only the analysis room: the analyzer uses nothing else, and core's objects
# would pull in the Xapian bindings.
passim_unit_test(test_analysis
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis.c
  ROOMS passim_analysis)

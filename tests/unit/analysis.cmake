# analysis/: the analyzer's tokens, folding, stemming, stopwords, sanitizing.
passim_unit_test(test_analysis
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_analysis.c
  ROOMS passim_analysis passim_core)

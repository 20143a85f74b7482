# indexer/glob.c: the gitignore-style globs of --include and --exclude.
passim_unit_test(test_glob
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_glob.c
  ROOMS passim_indexer passim_analysis passim_core passim_xc)

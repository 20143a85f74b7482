# indexer/ input side: readers per format, the passage splitter, the walker.
# passim_indexer's objects include the batch indexer, which needs the other
# rooms, so all are linked.
passim_unit_test(test_readers
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_readers.c
  ROOMS passim_indexer passim_analysis passim_core passim_xc)

# indexer/item_queue.c: the bounded queue between the indexer's threads.
passim_unit_test(test_item_queue
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_item_queue.c
  ROOMS passim_indexer passim_analysis passim_core passim_xc)
target_link_libraries(test_item_queue PRIVATE Threads::Threads)

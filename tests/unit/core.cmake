# core/vec.c and the lists of strings of core/db_text.c. The test asks for
# more memory than there is: ASan returns NULL then, as malloc does.
passim_unit_test(test_vec
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_vec.c
  ROOMS passim_core passim_xc passim_analysis)
set_property(TEST test_vec APPEND PROPERTY ENVIRONMENT
  "ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1")

# api/: the public C API. test_api includes nothing of passim but passim.h
# and links the shared library, not the rooms, so every call it makes
# proves the symbol is exported. With $PASSIM it also compares its JSON with
# the command's.
passim_unit_test(test_api
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_api.c
  ROOMS passim)
target_include_directories(test_api PRIVATE ${PROJECT_SOURCE_DIR}/include)
target_compile_definitions(test_api PRIVATE
  PASSIM_EXPECTED_VERSION="${PROJECT_VERSION}")
target_link_libraries(test_api PRIVATE Threads::Threads)
if(TARGET passim_cli)
  set_tests_properties(test_api PROPERTIES ENVIRONMENT
                       "PASSIM=$<TARGET_FILE:passim_cli>")
endif()

# passim.h compiles alone as C99 and as C++11 and C++17, pedantic, every
# warning an error: run as tests, so a header that only compiles inside
# the project fails here.
set(header_test ${CMAKE_CURRENT_SOURCE_DIR}/header_test/header_test.c)
set(header_flags -fsyntax-only -Wall -Wextra -pedantic -Werror
    -I${PROJECT_SOURCE_DIR}/include)
add_test(NAME header_c99 COMMAND ${CMAKE_C_COMPILER} -x c -std=c99
         -Wstrict-prototypes -Wmissing-prototypes ${header_flags}
         ${header_test})
foreach(std 11 17)
  add_test(NAME header_cxx${std} COMMAND ${CMAKE_CXX_COMPILER} -x c++
           -std=c++${std} ${header_flags} ${header_test})
endforeach()
